using Regression.Core.Settings;
using Regression.Environments.K3s;
using Regression.Environments.Tests.Docker;
using Regression.Environments.Tests.Kubernetes;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.K3s;

/// <summary>
/// The K3s environment as far as this machine can take it: no registry is reachable and no K3s
/// image is here, so a start fails at the image, and that failure must be prompt and clear.
/// </summary>
public sealed class K3sEnvironmentTests
{
    // Bounds a hang; a missing image fails in well under a second where no registry answers.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Factory_K3sKind_CreatesTheK3sEnvironmentWithoutStartingAnything()
    {
        var settings = Settings(new K3sSettings());

        await using var environment = EnvironmentFactory.Create(settings);

        var k3s = Assert.IsType<K3sEnvironment>(environment);
        Assert.Equal(EnvironmentKind.K3s, k3s.Kind);
        Assert.Equal(settings.K3s.Image, k3s.Plan.Image);
        Assert.Equal(settings.K3s.Image, k3s.Facts["k3s.image"]);
        Assert.Equal(settings.K3s.SimulatorImage, k3s.Facts["k3s.simulatorImage"]);
    }

    [Fact]
    public void Constructor_SuiteGeneratorWithoutImage_FailsNamingTheSetting()
    {
        var settings = Settings(new K3sSettings()) with { Kubernetes = new KubernetesSettings { LoadGenerator = KubernetesLoadGeneratorKind.Suite } };

        var failure = Assert.Throws<SettingsException>(() => new K3sEnvironment(settings));

        Assert.Contains(failure.Problems, p => p.StartsWith("Kubernetes:SuiteGeneratorImage is not set", StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task RunSweep_K3sImageNotAvailable_FailsPromptlyNamingTheImageEveryTime()
    {
        DockerAvailability.Require(DockerAvailability.EngineProblem);
        using var guard = new CancellationTokenSource(Guard);
        using var output = new TemporaryFolder();
        var image = "rancher/k3s:v1.31.1-k3s1@sha256:" + new string('0', 64);
        var settings = Settings(new K3sSettings { Image = image, StartTimeout = TimeSpan.FromMinutes(1) });
        var run = new CaseRun(RegressionCase.SingleWorkload, settings.Cases.SingleWorkload, output.Path, new RecordingProgress());
        await using var environment = new K3sEnvironment(settings);

        var first = await Assert.ThrowsAsync<EnvironmentException>(() => environment.RunSweepAsync(run, guard.Token));
        var second = await Assert.ThrowsAsync<EnvironmentException>(() => environment.RunSweepAsync(run, guard.Token));

        Assert.StartsWith($"K3s:Image = '{image}'", first.Message, StringComparison.Ordinal);
        Assert.Contains("could not be started", first.Message, StringComparison.Ordinal);
        Assert.Same(first, second);
        Assert.False(guard.IsCancellationRequested);
    }

    [Fact]
    public async Task RunSweep_StartFailureQuotesTheToken_MessageMasksIt()
    {
        // A token pasted into the wrong setting: the start failure names the image, and must not show it.
        using var guard = new CancellationTokenSource(Guard);
        using var output = new TemporaryFolder();
        var image = $"rancher/k3s:{TokenLeaks.Token}";
        var settings = Settings(new K3sSettings { Image = image, StartTimeout = TimeSpan.FromMinutes(1) });
        var run = new CaseRun(RegressionCase.SingleWorkload, settings.Cases.SingleWorkload, output.Path, new RecordingProgress());
        await using var environment = new K3sEnvironment(settings, environmentVariables: name => name == settings.Kubernetes.HuggingFaceTokenVariable ? TokenLeaks.Token : null);

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => environment.RunSweepAsync(run, guard.Token));

        Assert.StartsWith("K3s:Image = 'rancher/k3s:***'", failure.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNone(TokenLeaks.Token, failure.ToString(), "the K3s failure");
        Assert.False(guard.IsCancellationRequested);
    }

    private static SuiteSettings Settings(K3sSettings k3s) => new()
    {
        Environment = new EnvironmentSettings { Kind = EnvironmentKind.K3s },
        K3s = k3s,
        Kubernetes = new KubernetesSettings { LoadGenerator = KubernetesLoadGeneratorKind.Suite, SuiteGeneratorImage = k3s.SimulatorImage },
        RootDirectory = RepositoryFiles.Root,
    };
}
