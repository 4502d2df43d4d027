using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Environments.Kubernetes;
using Regression.Environments.Tests.FakeKubernetes;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>
/// The Kubernetes environment on a fake API server, with the repository's manifests, a fake
/// Hugging Face token and timeouts sized for a fake that answers in milliseconds.
/// </summary>
internal sealed class KubernetesTestBed : IAsyncDisposable
{
    public const string Token = "hf_fakeTokenForTests0123456789";
    public const string TokenVariable = "REGRESSION_TEST_HF_TOKEN";
    public const string LpgImage = "registry.example/lpg:46d6382";

    // Generous for a fake that is ready in milliseconds; a failure test shortens the one it needs.
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    // Short enough for a test that waits for a timeout to expire, and still long enough that what
    // must happen before it (the fake's other Deployments ready after ReadyDelay, the first LPG log
    // line read) does so on a loaded machine: milliseconds of work against seconds.
    public static readonly TimeSpan Short = TimeSpan.FromSeconds(2);

    private readonly TemporaryFolder _output = new();
    private k8s.Kubernetes? _client;

    private KubernetesTestBed(FakeKubernetesServer server) => Server = server;

    public FakeKubernetesServer Server { get; }

    public RecordingProgress Progress { get; } = new();

    public KubernetesSettings Settings { get; set; } = new()
    {
        FieldManager = "regression-suite-test",
        LpgImage = LpgImage,
        HuggingFaceTokenVariable = TokenVariable,
        DeploymentReadyTimeout = Generous,
        RunTimeoutMargin = Generous,
        CopyTimeout = Generous,
        CleanupTimeout = Generous,
        RetryInterval = TimeSpan.FromMilliseconds(20),
    };

    public string OutputFolder => _output.Combine("run");

    /// <summary>The folder every file of the runs is written under.</summary>
    public string OutputRoot => _output.Path;

    public KubernetesEnvironment? Environment { get; private set; }

    public static async Task<KubernetesTestBed> StartAsync(FakeClusterScript? script = null) =>
        new(await FakeKubernetesServer.StartAsync(script));

    public static CaseSettings CaseOf(RegressionCase regressionCase) => new CasesSettings().For(regressionCase) with { SecondsPerRate = 300 };

    public async Task<SweepResult> RunAsync(RegressionCase regressionCase, CaseSettings? caseSettings = null, string? token = Token, CancellationToken cancellationToken = default)
    {
        _client ??= Server.CreateClient();
        Environment = new KubernetesEnvironment(
            _client, Settings, RepositoryFiles.Path("manifests"), environmentVariables: name => name == TokenVariable ? token : null);
        var run = new CaseRun(regressionCase, caseSettings ?? CaseOf(regressionCase), OutputFolder, Progress);
        return await Environment.RunSweepAsync(run, cancellationToken);
    }

    /// <summary>Namespaces and ClusterRoles the runs left (none expected).</summary>
    public IReadOnlyList<string> Leftovers() =>
        Server.NamespaceNames().Where(n => n.StartsWith(Settings.NamespacePrefix + "-", StringComparison.Ordinal))
            .Concat(Server.Store.List(ResourceTypes.ClusterRoles, null).Items.Select(r => "clusterrole/" + r["metadata"]!["name"]))
            .Concat(Server.Store.List(ResourceTypes.ClusterRoleBindings, null).Items.Select(r => "clusterrolebinding/" + r["metadata"]!["name"]))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        if (Environment is not null)
        {
            await Environment.DisposeAsync();
        }

        _client?.Dispose();
        await Server.DisposeAsync();
        _output.Dispose();
    }
}
