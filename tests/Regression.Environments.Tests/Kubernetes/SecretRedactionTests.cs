using System.Text;
using Regression.Core.Settings;
using Regression.Environments.Tests.FakeKubernetes;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>
/// The Hugging Face token goes into the Secret and nowhere else: not into a failure (whatever
/// raised it, the API server's echo of the Secret included), a progress line, the saved pod log or
/// any other file of the run, in any form.
/// </summary>
public sealed class SecretRedactionTests
{
    private const string Token = TokenLeaks.Token;

    [Fact]
    public async Task RunSweep_TokenWithSurroundingWhitespace_SecretHoldsItTrimmedAndTheLogTailMasksIt()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Lpg = LpgBehavior.CrashesAfterFirstRate;
        var raw = $"  {Token}\n";

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, token: raw));

        var secret = AppliedObjects.Single(bed.Server, "Secret", "hf-token");
        Assert.Equal(Token, Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]!["token"]!.GetValue<string>())));
        Assert.Contains("huggingface-cli login --token *** --add-to-git-credential", failure.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNoneInRun(bed, raw, failure);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_SecretApplyRefusedQuotingTheObject_FailureMasksTheTokensBase64()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Faults.Add(FaultRule.WebhookDenialQuotingTheObject("PATCH", "/secrets/"));

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, token: Token));

        Assert.StartsWith($"Applying Secret hf-token in {bed.Environment!.LastNamespace} failed: 403 Forbidden: admission webhook \"policy.example.com\" denied the request: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"token\":\"***\"", failure.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNoneInRun(bed, Token, failure);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_ProxyPageCutShortInsideTheTokensBase64_FailureShowsNoPieceOfIt()
    {
        await using var bed = await KubernetesTestBed.StartAsync();

        // A message shows the first 200 characters of a page that is not a Status: pad the echoed
        // Secret so that the cut falls 10 characters into the token's base64.
        const int MessageShows = 200;
        const int PieceBeforeTheCut = 10;
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));
        bed.Server.Script.Faults.Add(FaultRule.ProxyPage("PATCH", "/secrets/", body =>
            new string('.', MessageShows - body.IndexOf(encoded, StringComparison.Ordinal) - PieceBeforeTheCut) + body));

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, token: Token));

        Assert.StartsWith($"Applying Secret hf-token in {bed.Environment!.LastNamespace} failed: 502 Bad Gateway: ...", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("\"token\":\"***…", failure.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNoneInRun(bed, Token, failure);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_PodsAndEventsQuoteTheToken_ReadinessReportMasksIt()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.Deployments["vllm-llama3-8b-instruct"] = DeploymentBehavior.ExecutableNotFound(Token);
        bed.Settings = bed.Settings with { DeploymentReadyTimeout = KubernetesTestBed.Short };

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => bed.RunAsync(RegressionCase.SingleWorkload, token: Token));

        Assert.Contains(": RunContainerError (failed to create containerd task: exec: \"***\": executable file not found", failure.Message, StringComparison.Ordinal);
        Assert.Contains("latest events: Warning Failed pod/vllm-llama3-8b-instruct-", failure.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNoneInRun(bed, Token, failure);
        Assert.Empty(bed.Leftovers());
    }

    [Fact]
    public async Task RunSweep_WatchErrorQuotesTheToken_ProgressLineMasksIt()
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Server.Script.ReadyDelay = TimeSpan.FromMilliseconds(200);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));
        bed.Server.Script.Faults.Add(new FaultRule("GET", "/deployments", 2, 500, "InternalError", $"etcdserver: decoding Secret hf-token (token: {encoded}) failed"));

        var sweep = await bed.RunAsync(RegressionCase.SingleWorkload, token: Token);

        Assert.Equal(6, sweep.Rates.Count);
        Assert.Contains(bed.Progress.Lines, l => l.Contains("Watching the Deployments in", StringComparison.Ordinal) && l.Contains("(token: ***)", StringComparison.Ordinal));
        TokenLeaks.AssertNoneInRun(bed, Token, failure: null);
        Assert.Empty(bed.Leftovers());
    }

    [Theory]
    [InlineData(KubernetesLoadGeneratorKind.Lpg)]
    [InlineData(KubernetesLoadGeneratorKind.Suite)]
    public async Task RunSweep_XtraceShowsTheToken_PodLogIsSavedMaskedAndNoFileHoldsIt(KubernetesLoadGeneratorKind kind)
    {
        await using var bed = await KubernetesTestBed.StartAsync();
        bed.Settings = bed.Settings with { LoadGenerator = kind, SuiteGeneratorImage = "registry.example/regression-generator:1.0.0" };
        var raw = $"{Token}\n";
        bed.Server.Script.LpgExtraLines.Enqueue($"+ export HF_TOKEN={Token}");
        bed.Server.Script.LpgExtraLines.Enqueue($"+ echo {Convert.ToBase64String(Encoding.UTF8.GetBytes(raw))}");
        bed.Server.Script.LpgExtraLines.Enqueue($"+ curl -s 'https://huggingface.co/api/whoami-v2?token={Uri.EscapeDataString(Token)}'");

        var sweep = await bed.RunAsync(RegressionCase.SingleWorkload, token: raw);

        Assert.Equal(6, sweep.Rates.Count);
        var log = File.ReadAllLines(Path.Combine(bed.OutputFolder, "benchmark-tool.log"));
        Assert.Contains("+ huggingface-cli login --token *** --add-to-git-credential", log);
        Assert.Contains("+ export HF_TOKEN=***", log);
        Assert.Contains("Benchmarking request rate: 350", log);
        TokenLeaks.AssertNoneInRun(bed, raw, failure: null);
        Assert.Empty(bed.Leftovers());
    }
}
