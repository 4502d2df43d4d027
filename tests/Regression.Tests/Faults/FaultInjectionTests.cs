using System.Diagnostics;
using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Tests.Cases;
using Xunit.Abstractions;

namespace Regression.Tests.Faults;

/// <summary>
/// Whole cases with faults injected into the embedded cluster: the rows a fault should fail do
/// fail, every failing row names the fault, and the run leaves no port, child process, temporary
/// folder or changed baseline behind. The case is small (<see cref="FaultCaseFixture"/>), and each
/// fault is sized so that its failure is certain, not probable (reasons at each test).
/// </summary>
[Trait("Category", "Faults")]
[Collection(RegressionCases.Name)]
public sealed class FaultInjectionTests(FaultCaseFixture fixture, ITestOutputHelper output) : IClassFixture<FaultCaseFixture>
{
    private static readonly string Errors = FaultRun.SanityRow(SanityCheck.ErrorsWithinTolerance);

    // Cancellation only has to stop sending, abandon what is in flight and stop the cluster, whose
    // servers allow in-flight requests 5 s to end; anything slower is not prompt.
    private static readonly TimeSpan PromptCancellation = TimeSpan.FromSeconds(10);

    /// <remarks>
    /// Certain: 1.5 s into the 30 req/s rate each replica holds several requests (one takes one to
    /// two seconds and the endpoint picker spreads them), and every one of replica-1's fails when it
    /// stops, as does any routed to it before the gateway's next scrape: measured 10 of 90 failed,
    /// against 0.1 % allowed errors and a 1 % tolerance on prompts succeeded (the baseline had no
    /// failures, so no noise band widens it).
    /// </remarks>
    [Fact]
    public async Task Case_ReplicaStopsMidRate_ErrorRowsFailNamingTheFault()
    {
        var run = await RunLeavingNothingAsync("stop-replica", new()
        {
            ["StopReplica:Replica"] = "1",
            ["StopReplica:AtRate"] = "30",
            ["StopReplica:After"] = "00:00:01.500",
        });

        AssertFailing(run, "replica-1 stopped 1.5 s into the 30 req/s rate", Errors, FaultRun.MetricRow(CoreMetric.PromptsSucceeded));
    }

    /// <remarks>
    /// Certain: replica-0 receives a third or more of the requests (its quick failures keep its KV
    /// cache the emptiest, so the endpoint picker favours it), half of which it fails: measured 16
    /// of 80 and 47 of 120 failed, against 0.1 % allowed errors and a 1 % tolerance on prompts
    /// succeeded. Which of its requests fail is seeded, so the count varies only with routing.
    /// Measured: 14 of 60 and 21 of 90 failed (35 of replica-0's 70).
    /// </remarks>
    [Fact]
    public async Task Case_ReplicaAnswers500ToHalf_ErrorRowsFailNamingTheFault()
    {
        var run = await RunLeavingNothingAsync("replica-errors", new()
        {
            ["ReplicaErrors:Replica"] = "0",
            ["ReplicaErrors:AtRate"] = "20",
            ["ReplicaErrors:Fraction"] = "0.5",
        });

        AssertFailing(run, "replica-0 answered HTTP 500 to", Errors, FaultRun.MetricRow(CoreMetric.PromptsSucceeded));
    }

    /// <remarks>
    /// Certain for p90 NTPOT (latency ÷ output tokens): from the 20 req/s rate on, the gateway holds
    /// every request and answer for 2 of each rate's 3 s, so two thirds of the requests wait up to
    /// 2 s more than their second or two of service, and a short answer's time per token
    /// multiplies: measured +352 % at 20 req/s (allowed 25 %) and +297 % on average (allowed 8 %).
    /// Both rates stall, so both are worse (the per-rate rule needs two) and so is the average; a stall of a single rate
    /// is judged by the sweep's average alone, which a three-run baseline's noise band (Student-t
    /// factor 9.9 at 99 %) absorbed once in three runs on a loaded machine. P90 latency is not
    /// asserted: the p90 is set by the longest answers (2-3 s), which a 2 s hold lengthens by a
    /// fraction (measured +25-81 % at a stalled rate).
    /// </remarks>
    [Fact]
    public async Task Case_GatewayStallsMidRate_LatencyRowFailsNamingTheFault()
    {
        var run = await RunLeavingNothingAsync("gateway-stall", new()
        {
            ["GatewayStall:AtRate"] = "20",
            ["GatewayStall:After"] = "00:00:00.500",
            ["GatewayStall:Duration"] = "00:00:02",
        });

        AssertFailing(run, "the gateway stalled for 2 s 0.5 s into the 20 req/s rate", FaultRun.MetricRow(CoreMetric.P90NormalizedTimePerOutputToken));
    }

    [Fact]
    public async Task Case_CancelledMidRateDuringGatewayStall_ThrowsPromptlyAndWritesNoBaseline()
    {
        var baselinesBefore = LeftBehind.VerifiedFiles(fixture.BaselinesFolder);
        var filesBefore = Directory.GetFiles(fixture.BaselinesFolder, "*", SearchOption.AllDirectories);
        using var cancel = new CancellationTokenSource();
        long cancelledAt = 0;
        using var registration = cancel.Token.Register(() => Interlocked.Exchange(ref cancelledAt, Stopwatch.GetTimestamp()));

        // The first rate's line comes as it ends; the second starts at once and its stall 0.5 s
        // later, so cancelling 1.5 s after that line lands mid-rate (of 3 s), with requests held.
        var run = await RunLeavingNothingAsync(
            "cancelled",
            new()
            {
                ["GatewayStall:AtRate"] = "30",
                ["GatewayStall:After"] = "00:00:00.500",
                ["GatewayStall:Duration"] = "00:00:02",
            },
            line =>
            {
                if (line.Contains("[1/2] rate", StringComparison.Ordinal))
                {
                    cancel.CancelAfter(TimeSpan.FromSeconds(1.5));
                }
            },
            cancel.Token);

        var sinceCancel = Stopwatch.GetElapsedTime(Interlocked.Read(ref cancelledAt));
        output.WriteLine($"Cancelled run: {run.Duration.TotalSeconds:0.0} s in all, exception {sinceCancel.TotalSeconds:0.00} s after cancellation");
        Assert.IsAssignableFrom<OperationCanceledException>(run.Error);
        Assert.Contains(run.Lines, l => l.Contains("fault injected: the gateway stalled", StringComparison.Ordinal));
        Assert.True(sinceCancel < PromptCancellation, $"The case threw {sinceCancel.TotalSeconds:0.0} s after cancellation.");
        Assert.Equal(filesBefore, Directory.GetFiles(fixture.BaselinesFolder, "*", SearchOption.AllDirectories));
        Assert.Equal(baselinesBefore, LeftBehind.VerifiedFiles(fixture.BaselinesFolder));
    }

    /// <summary>
    /// Runs the case with <paramref name="faults"/>, then checks that it left nothing behind: its
    /// ports refuse connections, no child process appeared, no *.verified.json changed (the
    /// repository's, or the test baseline unless expected), and its output folder is removed.
    /// </summary>
    private async Task<FaultRun> RunLeavingNothingAsync(
        string name, Dictionary<string, string?> faults, Action<string>? onLine = null, CancellationToken cancellationToken = default)
    {
        var children = LeftBehind.ChildProcesses();
        var testBaseline = LeftBehind.VerifiedFiles(fixture.BaselinesFolder);
        output.WriteLine($"Baseline recorded in {fixture.RecordingTime.TotalSeconds:0.0} s");

        var run = await fixture.RunAsync(name, faults, onLine ?? (_ => { }), cancellationToken);

        foreach (var line in run.Lines)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"Run took {run.Duration.TotalSeconds:0.0} s{(run.Error is null ? string.Empty : $" and threw {run.Error.GetType().Name}: {run.Error.Message}")}");
        var addresses = LeftBehind.LoopbackAddresses(run.Lines);
        Assert.NotEmpty(addresses);
        Assert.Empty(await LeftBehind.StillListeningAsync(addresses));
        Assert.Empty(LeftBehind.ChildProcesses().Except(children));
        Assert.Equal(fixture.RepositoryVerified, LeftBehind.RepositoryVerifiedFiles());
        Assert.Equal(testBaseline, LeftBehind.VerifiedFiles(fixture.BaselinesFolder));
        var folder = fixture.OutputFolder(name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.False(Directory.Exists(folder));
        return run;
    }

    /// <summary>Every row in <paramref name="mustFail"/> fails, and every failing row names the fault.</summary>
    private void AssertFailing(FaultRun run, string fault, params string[] mustFail)
    {
        Assert.True(run.Error is null, $"The case threw: {run.Error}");
        Assert.NotNull(run.Outcome!.Comparison);
        var rows = run.Rows();
        foreach (var (row, result) in rows)
        {
            output.WriteLine($"{(result.Passed ? "PASS" : "FAIL")} {row}: {result.Message}");
        }

        Assert.All(mustFail, row => Assert.False(rows[row].Passed, $"{row} passed although the fault should fail it: {rows[row].Message}"));
        Assert.All(rows.Where(r => !r.Value.Passed), r => Assert.Contains($"Faults injected: {fault}", r.Value.Message, StringComparison.Ordinal));
    }
}
