using System.Text;
using k8s;
using Regression.Core.Settings;
using Regression.Environments.Tests.FakeKubernetes;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class KubernetesEnvironmentTests
{
    private static readonly string[] Adapters = Enumerable.Range(0, 15).Select(i => $"adapter-{i}").ToArray();

    [Fact]
    public async Task RunSweep_SingleWorkload_ReturnsItsRatesAndModelAndLeavesNothing()
    {
        await using var bed = await KubernetesTestBed.StartAsync();

        var sweep = await bed.RunAsync(RegressionCase.SingleWorkload);

        Assert.Equal([300.0, 310, 320, 330, 340, 350], sweep.Rates.Select(r => r.RequestRate));
        Assert.Equal(["meta-llama/Llama-3.1-8B-Instruct"], sweep.Models);
        Assert.All(sweep.Rates, r => Assert.Equal((int)(r.RequestRate * 300), r.Overall.PromptsAttempted));
        Assert.Equal("v1.33.2-fake", bed.Environment!.Facts["kubernetes.serverVersion"]);
        Assert.Equal("16", bed.Environment.Facts["kubernetes.gpus"]);
        Assert.Equal(KubernetesTestBed.LpgImage, bed.Environment.Facts["image.loadGenerator"]);
        Assert.Contains(bed.Progress.Lines, l => l.StartsWith("Benchmarking request rate: 350 (rate 6 of 6)", StringComparison.Ordinal));
        Assert.Empty(bed.Leftovers());
        Assert.Empty(bed.Server.Background.Errors);
    }

    [Fact]
    public async Task RunSweep_MultiLora_Applies16ObjectivesAndReadsEveryAdapter()
    {
        await using var bed = await KubernetesTestBed.StartAsync();

        var sweep = await bed.RunAsync(RegressionCase.MultiLora);

        Assert.Equal([20.0, 40, 60, 80, 100, 120, 140, 160, 180, 200], sweep.Rates.Select(r => r.RequestRate));
        Assert.Equal(Adapters, sweep.Models);
        Assert.All(sweep.Rates, r => Assert.Equal(Adapters.Order(StringComparer.Ordinal), r.PerModel.Keys.Order(StringComparer.Ordinal)));
        var objectives = AppliedObjects.Of(bed.Server).Where(a => a.Body["kind"]!.GetValue<string>() == "InferenceObjective").Select(a => a.Body["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal([.. Adapters, "base-model"], objectives);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_AppliesEveryObjectByServerSideApplyWithTheFieldManagerAndCaseValues()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        var caseSettings = KubernetesTestBed.CaseOf(RegressionCase.MultiLora) with { Replicas = 7, MaxLoras = 4 };

        await bed.RunAsync(RegressionCase.MultiLora, caseSettings);

        var ns = bed.Environment!.LastNamespace!;
        var applied = AppliedObjects.Of(bed.Server);
        Assert.All(applied, a =>
        {
            Assert.Equal("application/apply-patch+yaml", a.Request.ContentType?.Split(';')[0]);
            Assert.Equal("regression-suite-test", a.Request.QueryValue("fieldManager"));
            Assert.Equal("true", a.Request.QueryValue("force"));
        });
        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "HTTPRoute", "InferenceObjective", "InferencePool", "Secret", "Service"],
            applied.Select(a => a.Body["kind"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        Assert.All(applied.Where(a => a.Body["kind"]!.GetValue<string>() is not ("ClusterRole" or "ClusterRoleBinding")), a => Assert.Equal(ns, a.Body["metadata"]!["namespace"]!.GetValue<string>()));

        var vllm = AppliedObjects.Single(bed.Server, "Deployment", "vllm-llama3-8b-instruct");
        Assert.Equal(7, vllm["spec"]!["replicas"]!.GetValue<int>());
        var server = AppliedObjects.Container(vllm, "vllm");
        Assert.Equal("vllm/vllm-openai:v0.8.5", server["image"]!.GetValue<string>());
        Assert.Equal("4", AppliedObjects.Argument(server, "--max-loras"));
        Assert.Equal("registry.k8s.io/gateway-api-inference-extension/lora-syncer:v1.0.1", AppliedObjects.Container(vllm, "lora-adapter-syncer")["image"]!.GetValue<string>());

        var picker = AppliedObjects.Container(AppliedObjects.Single(bed.Server, "Deployment", "vllm-llama3-8b-instruct-epp"), "epp");
        Assert.Equal(ns, AppliedObjects.Argument(picker, "--pool-namespace"));
        var binding = AppliedObjects.Single(bed.Server, "ClusterRoleBinding", $"{ns}-pod-read-binding");
        Assert.Equal(ns, binding["subjects"]![0]!["namespace"]!.GetValue<string>());
        Assert.Equal($"{ns}-pod-read", binding["roleRef"]!["name"]!.GetValue<string>());

        var lpg = AppliedObjects.Env(AppliedObjects.Container(AppliedObjects.Single(bed.Server, "Deployment", "benchmark-tool"), "benchmark-tool"));
        Assert.Equal("192.0.2.10", lpg["IP"]);
        Assert.Equal("20,40,60,80,100,120,140,160,180,200", lpg["REQUEST_RATES"]);
        Assert.Equal(string.Join(",", Adapters), lpg["MODELS"]);
        Assert.Equal("0.12,0.12,0.12,0.12,0.12,0.06,0.06,0.06,0.06,0.06,0.02,0.02,0.02,0.02,0.02", lpg["TRAFFIC_SPLIT"]);
        Assert.Equal("Infinity-Instruct_conversations.json", lpg["PROMPT_DATASET_FILE"]);
        Assert.Equal("300", lpg["BENCHMARK_TIME_SECONDS"]);
    }

    [Fact]
    public async Task RunSweep_TokenVariable_BecomesTheSecretAndNeverAppearsInMessages()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.CrashesAfterFirstRate;

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        var secret = AppliedObjects.Single(bed.Server, "Secret", "hf-token");
        Assert.Equal(KubernetesTestBed.Token, Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>())));
        Assert.Contains("huggingface-cli login --token ***", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KubernetesTestBed.Token, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Progress.Lines, l => l.Contains(KubernetesTestBed.Token, StringComparison.Ordinal));
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_MissingToken_FailsNamingTheVariableBeforeCreatingAnything()
    {
        await using var bed = await KubernetesTestBed.StartAsync();

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, token: null));

        Assert.Contains(KubernetesTestBed.TokenVariable, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Method is "POST" or "PATCH");
    }

    [Fact]
    public async Task RunSweep_Finished_DeletesTheNamespaceWithForegroundPropagation()
    {
        await using var bed = await KubernetesTestBed.StartAsync();

        await bed.RunAsync(RegressionCase.SingleWorkload);

        Assert.Equal([(bed.Environment!.LastNamespace!, "Foreground")], bed.Server.NamespaceDeletions);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_KeepResources_LeavesTheNamespaceForInspection()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Settings = bed.Settings with { KeepResources = true };

        await bed.RunAsync(RegressionCase.SingleWorkload);

        var ns = bed.Environment!.LastNamespace!;
        Assert.Contains(ns, bed.Server.NamespaceNames());
        Assert.Contains(bed.Progress.Lines, l => l.Contains("KeepResources", StringComparison.Ordinal));
        using var client = bed.Server.CreateClient();
        await client.CoreV1.DeleteNamespaceAsync(ns, propagationPolicy: "Foreground");
        await client.RbacAuthorizationV1.DeleteClusterRoleAsync($"{ns}-pod-read");
        await client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync($"{ns}-pod-read-binding");
        await WaitUntilAsync(() => bed.Leftovers().Count == 0);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_SuiteGenerator_ReadsTheResultsFromTheLogWithoutExec()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Settings = bed.Settings with { LoadGenerator = KubernetesLoadGeneratorKind.Suite, SuiteGeneratorImage = "registry.example/regression-generator:1.0.0" };

        var sweep = await bed.RunAsync(RegressionCase.MultiLora);

        Assert.Equal(10, sweep.Rates.Count);
        Assert.DoesNotContain(bed.Server.Requests, r => r.Path.EndsWith("/exec", StringComparison.Ordinal));
        var container = AppliedObjects.Container(AppliedObjects.Single(bed.Server, "Deployment", "benchmark-tool"), "benchmark-tool");
        Assert.Equal("registry.example/regression-generator:1.0.0", container["image"]!.GetValue<string>());
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_InferenceModelKind_AppliesTheSeedsV1Alpha2PoolAndModels()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Settings = bed.Settings with { ObjectiveKind = KubernetesObjectiveKind.InferenceModel };

        await bed.RunAsync(RegressionCase.MultiLora);

        var paths = bed.Server.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path).ToList();
        Assert.Equal(16, paths.Count(p => p.Contains("/apis/inference.networking.x-k8s.io/v1alpha2/", StringComparison.Ordinal) && p.Contains("/inferencemodels/", StringComparison.Ordinal)));
        Assert.Single(paths, p => p.Contains("/apis/inference.networking.x-k8s.io/v1alpha2/", StringComparison.Ordinal) && p.Contains("/inferencepools/", StringComparison.Ordinal));
        var picker = AppliedObjects.Container(AppliedObjects.Single(bed.Server, "Deployment", "vllm-llama3-8b-instruct-epp"), "epp");
        Assert.Equal("inference.networking.x-k8s.io", AppliedObjects.Argument(picker, "--pool-group"));
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_WatchAnswered410_ListsAgainAndFinishes()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        // Pods stay unready until the waiter has watched again: with a delay instead, a slow
        // machine could find them ready at the second list and never watch a second time.
        var watchedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Server.Script.ReadyGate = watchedAgain.Task;
        bed.Server.Script.GoneOnFirstWatch["deployments"] = 1;

        var running = bed.RunAsync(RegressionCase.SingleWorkload);
        await WaitUntilAsync(() => DeploymentWatches(bed) >= 2 || running.IsCompleted);
        watchedAgain.SetResult();
        var sweep = await running;

        Assert.Equal(6, sweep.Rates.Count);
        Assert.True(DeploymentWatches(bed) >= 2);
        Assert.Empty(bed.Leftovers());
    }

    private static int DeploymentWatches(KubernetesTestBed bed) =>
        bed.Server.Requests.Count(r => r.Path.EndsWith("/deployments", StringComparison.Ordinal) && r.QueryValue("watch") is "true" or "1");

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(KubernetesTestBed.Generous);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
        }
    }
}
