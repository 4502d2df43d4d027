using Regression.Core.Settings;
using Regression.Environments.Tests.FakeKubernetes;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>Each way a cluster run fails ends in a message naming the object and the cause, and leaves nothing behind.</summary>
public sealed class KubernetesFailureTests
{
    [Fact]
    public async Task RunSweep_PodNeverReady_NamesTheDeploymentReplicasWaitingReasonAndEvents()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Deployments["vllm-llama3-8b-instruct"] = DeploymentBehavior.ImagePullBackOff("vllm/vllm-openai:v0.8.5");
        bed.Settings = bed.Settings with { DeploymentReadyTimeout = KubernetesTestBed.Short };

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        var ns = bed.Environment!.LastNamespace!;
        Assert.StartsWith($"Deployment vllm-llama3-8b-instruct in {ns}: 0/10 replicas available after 2 s; pod vllm-llama3-8b-instruct-", failure.Message, StringComparison.Ordinal);
        Assert.Contains(": ImagePullBackOff (Back-off pulling image \"vllm/vllm-openai:v0.8.5\")", failure.Message, StringComparison.Ordinal);
        Assert.Contains("and 7 more pods", failure.Message, StringComparison.Ordinal);
        Assert.Contains("latest events: Warning Failed pod/vllm-llama3-8b-instruct-", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("vllm-llama3-8b-instruct-epp in", failure.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_LpgWritesNoResults_NamesThePodAndWhatItsFolderHolds()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.CompletesWithoutResults;

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        Assert.Matches($"^Pod benchmark-tool-\\S+ in {bed.Environment!.LastNamespace}: the load generator finished but /workspace holds no LPG result file \\(it holds billsum_conversations.json, latency_throughput_curve.sh\\)", failure.Message);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_MalformedResultFile_SurfacesTheReadersFileAndField()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.WritesMalformedResult;

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        Assert.StartsWith("The results of pod benchmark-tool-", failure.Message, StringComparison.Ordinal);
        Assert.Matches("benchmark-vllm-300\\.0qps-\\d{8}-\\d{6}-weighted\\.json: metrics\\.p90_latency_ms", failure.Message);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_ApiErrorMidRun_NamesTheObjectAndTheServersCause()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Faults.Add(FaultRule.InternalError("PATCH", "/inferencepools/"));

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.MultiLora));

        Assert.Equal(
            $"Applying InferencePool vllm-llama3-8b-instruct in {bed.Environment!.LastNamespace} failed: 500 InternalError: Internal error occurred: etcdserver: request timed out",
            failure.Message);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_LpgContainerTerminates_NamesTheExitAndShowsTheLogTail()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.CrashesAfterFirstRate;

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        Assert.Contains("the load generator's container terminated (Error, exit code 1) before LPG_FINISHED; last rate started: 300", failure.Message, StringComparison.Ordinal);
        Assert.Contains("No space left on device", failure.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_LpgNeverFinishes_TimesOutNamingTheLastRate()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.StallsAfterFirstRate;
        bed.Settings = bed.Settings with { RunTimeoutFactor = 1, RunTimeoutMargin = TimeSpan.Zero };
        var caseSettings = KubernetesTestBed.CaseOf(RegressionCase.SingleWorkload) with { SecondsPerRate = KubernetesTestBed.Short.TotalSeconds / 6 };

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, caseSettings));

        Assert.Matches("^Pod benchmark-tool-\\S+ in regression-\\w+: the load generator did not reach LPG_FINISHED within 2 s .*; last rate started: 300;", failure.Message);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_CancelledMidSweep_StillDeletesTheNamespace()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.StallsAfterFirstRate;
        using var cancellation = new CancellationTokenSource();
        var firstRate = bed.Progress.WaitForAsync(l => l.StartsWith("Benchmarking request rate: 300", StringComparison.Ordinal));

        var run = bed.RunAsync(RegressionCase.SingleWorkload, cancellationToken: cancellation.Token);
        await firstRate;
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Contains(bed.Progress.Lines, l => l == $"Namespace {bed.Environment!.LastNamespace} deleted.");
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_GatewayMissing_NamesTheGatewayAndSaysTheSuiteDoesNotCreateIt()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Settings = bed.Settings with { GatewayName = "no-such-gateway" };

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload));

        Assert.StartsWith("Reading Gateway no-such-gateway in default failed: 404 NotFound: gateways.gateway.networking.k8s.io \"no-such-gateway\" not found", failure.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Leftovers());
    }
}
