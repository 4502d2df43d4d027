using Regression.Core.Analysis;
using Regression.Core.Baselines;
using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

public sealed class BaselineVerifierTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Verify_NoVerifiedBaseline_WritesReceivedAndSaysHowToRecord()
    {
        var store = Store(accept: false);

        var error = Assert.Throws<BaselineNotFoundException>(() => Verify(store, SampleBaselines.CurrentRun(store)));

        Assert.Equal(store.ReceivedPath(RegressionCase.SingleWorkload), error.ReceivedPath);
        Assert.True(File.Exists(error.ReceivedPath));
        Assert.False(store.HasVerified(RegressionCase.SingleWorkload));
        Assert.Contains("REGRESSION__Baselines__Accept=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Regressed_LeavesReceivedAndKeepsVerified()
    {
        var store = Store(accept: false);
        var verifiedText = Record(store);

        var result = Verify(store, SampleBaselines.CurrentRun(store, CoreMetric.P90Latency, 1.25));

        Assert.False(result.Passed);
        Assert.Equal(Verdict.Regressed, result.Comparison!.Verdict);
        Assert.Equal(store.ReceivedPath(RegressionCase.SingleWorkload), result.ReceivedPath);
        Assert.True(File.Exists(result.ReceivedPath));
        Assert.Equal(verifiedText, File.ReadAllText(store.VerifiedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_Unchanged_PassesAndLeavesNoReceivedFile()
    {
        var store = Store(accept: false);
        Record(store);

        var result = Verify(store, SampleBaselines.CurrentRun(store));

        Assert.True(result.Passed);
        Assert.Equal(Verdict.Unchanged, result.Comparison!.Verdict);
        Assert.Null(result.ReceivedPath);
        Assert.False(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_Improved_Passes()
    {
        var store = Store(accept: false);
        Record(store);

        var result = Verify(store, SampleBaselines.CurrentRun(store, CoreMetric.OutputTokensPerMinute, 1.3));

        Assert.True(result.Passed);
        Assert.Equal(Verdict.Improved, result.Comparison!.Verdict);
    }

    [Fact]
    public void Verify_DifferentSettings_RefusesAndLeavesReceived()
    {
        var store = Store(accept: false);
        Record(store);
        var current = SampleBaselines.CurrentRun(store);
        current = current with { Baseline = current.Baseline with { Settings = current.Baseline.Settings with { SecondsPerRate = 60 } } };

        var error = Assert.Throws<BaselineIncompatibleException>(() => Verify(store, current));

        Assert.Equal(["Cases:SingleWorkload:SecondsPerRate: baseline 15, current 60"], error.Differences);
        Assert.True(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_AcceptEnabled_RecordsEveryRunAsTheNewBaseline()
    {
        var store = Store(accept: true);
        Record(store);
        var recording = SampleBaselines.Recording(store, 4, 5, 6, 7);

        var result = Verify(store, recording);

        Assert.True(result.Accepted);
        Assert.Null(result.Comparison);
        Assert.Equal([4, 5, 6, 7], store.ReadVerified(RegressionCase.SingleWorkload).Runs.Select(r => r.Seed));
        Assert.False(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_SeveralRunsWithoutAccepting_Throws()
    {
        var store = Store(accept: false);
        Record(store);

        var error = Assert.Throws<ArgumentException>(() => Verify(store, SampleBaselines.Recording(store, 1, 2)));

        Assert.Contains("received holds 2", error.Message, StringComparison.Ordinal);
    }

    // Sweeps that fail one sanity check each, as a recording against a broken system would.
    public static TheoryData<string, Func<SweepResult, SweepResult>, string> BrokenSweeps => new()
    {
        {
            "an endpoint that refuses every request",
            sweep => sweep with { Rates = sweep.Rates.Select(Refused).ToArray() },
            "ErrorsWithinTolerance: run seed 5: 300 req/s: 4500 of 4500 requests failed (100 %; allowed 0.1 %): ClientConnectorError 4500"
        },
        {
            "a rate that did not run",
            sweep => sweep with { Rates = sweep.Rates.Take(5).ToArray() },
            "EveryRateCompleted: run seed 5: 350 req/s: no result (the rate did not run or did not finish)"
        },
        {
            "a sender that fell behind",
            sweep => sweep with { Rates = sweep.Rates.Select(r => r with { Load = r.Load! with { SendLagMs = Distribution.Zero with { P99 = 4000, Max = 5000 } } }).ToArray() },
            "SentOnSchedule: run seed 5: 300 req/s: send lag p99 4000 ms (allowed 250 ms; max 5000 ms)"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenSweeps))]
    public void Verify_AcceptingARunThatFailsItsSanityChecks_RefusesAndKeepsVerifiedByteIdentical(string broken, Func<SweepResult, SweepResult> breakSweep, string expected)
    {
        var store = Store(accept: true);
        var verifiedText = Record(store);
        var good = SampleBaselines.Sweep(4);
        var bad = breakSweep(SampleBaselines.Sweep(5));
        var recording = SampleBaselines.Recorded(store, SampleBaselines.Settings, [4, 5], [good, bad]);

        var error = Assert.Throws<BaselineRecordingRefusedException>(() => Verify(store, recording));

        Assert.True(error.Problems.Contains(expected), $"{broken}: {error.Message}");
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Problems, p => p.Contains("seed 4", StringComparison.Ordinal));
        Assert.Equal(verifiedText, File.ReadAllText(store.VerifiedPath(RegressionCase.SingleWorkload)));
        Assert.Equal(store.ReceivedPath(RegressionCase.SingleWorkload), error.ReceivedPath);
        Assert.True(File.Exists(error.ReceivedPath));
    }

    [Fact]
    public void Verify_AcceptingARunThatFailsItsSanityChecksWithoutAVerifiedBaseline_WritesNoVerified()
    {
        var store = Store(accept: true);
        var recording = SampleBaselines.Recorded(store, SampleBaselines.Settings, [1], [SampleBaselines.Sweep(1) with { Rates = SampleBaselines.Sweep(1).Rates.Take(2).ToArray() }]);

        var error = Assert.Throws<BaselineRecordingRefusedException>(() => Verify(store, recording));

        Assert.Equal(4, error.Problems.Count);
        Assert.False(store.HasVerified(RegressionCase.SingleWorkload));
    }

    [Fact]
    public void Verify_BaselineRecordedByAnotherEnvironmentKind_RefusesNamingBothKindsAndTheFix()
    {
        var store = Store(accept: false);
        Record(store);

        var error = Assert.Throws<BaselineIncompatibleException>(
            () => Verify(store, SampleBaselines.CurrentRun(store, kind: EnvironmentKind.Endpoint)));

        Assert.Equal(["Environment:Kind: baseline Embedded, current Endpoint"], error.Differences);
        Assert.Contains("recorded by environment kind Embedded, and this run is Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set Environment:BaselineProfile", error.Message, StringComparison.Ordinal);
        Assert.Contains("default profile 'endpoint'", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_AcceptingAnotherEnvironmentKindsRecording_DoesNotOverwriteTheVerifiedBaseline()
    {
        var store = Store(accept: true);
        var verifiedText = Record(store);

        var error = Assert.Throws<BaselineIncompatibleException>(
            () => Verify(store, SampleBaselines.Recording(store, EnvironmentKind.Endpoint, 4, 5)));

        Assert.Contains("recorded by environment kind Embedded, and this run is Endpoint", error.Message, StringComparison.Ordinal);
        Assert.Equal(verifiedText, File.ReadAllText(store.VerifiedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_AcceptingOverAMalformedVerifiedBaseline_RepairsIt()
    {
        var store = Store(accept: true);
        folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "not a baseline\n");

        var result = Verify(store, SampleBaselines.Recording(store, 1, 2));

        Assert.True(result.Accepted);
        Assert.Equal([1, 2], store.ReadVerified(RegressionCase.SingleWorkload).Runs.Select(r => r.Seed));
    }

    private static RateResult Refused(RateResult rate) => rate with
    {
        Overall = rate.Overall with
        {
            PromptsSucceeded = 0,
            OutputTokensPerSecond = 0,
            Errors = ErrorCounts.None with { ClientConnectorError = rate.Overall.PromptsAttempted },
        },
    };

    private static BaselineVerification Verify(BaselineStore store, SampleRecording run) =>
        new BaselineVerifier(store, new AnalysisSettings(), new ChecksSettings()).Verify(run.Baseline, run.Sweeps);

    private BaselineStore Store(bool accept) => new(folder.Path, "embedded", accept);

    // Records a three-seed baseline through an accepting store, as a user would; returns the file's text.
    private static string Record(BaselineStore store)
    {
        var recorder = new BaselineStore(store.Folder, store.Profile, acceptEnabled: true);
        recorder.WriteReceived(SampleBaselines.Create(recorder, 1, 2, 3));
        return File.ReadAllText(recorder.Accept(RegressionCase.SingleWorkload));
    }
}
