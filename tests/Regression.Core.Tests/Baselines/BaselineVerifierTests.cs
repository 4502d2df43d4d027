using Regression.Core.Analysis;
using Regression.Core.Baselines;
using Regression.Core.Metrics;
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

        var error = Assert.Throws<BaselineNotFoundException>(() => Verifier(store).Verify(SampleBaselines.Current(store)));

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

        var result = Verifier(store).Verify(SampleBaselines.Current(store, CoreMetric.P90Latency, 1.25));

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

        var result = Verifier(store).Verify(SampleBaselines.Current(store));

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

        var result = Verifier(store).Verify(SampleBaselines.Current(store, CoreMetric.OutputTokensPerMinute, 1.3));

        Assert.True(result.Passed);
        Assert.Equal(Verdict.Improved, result.Comparison!.Verdict);
    }

    [Fact]
    public void Verify_DifferentSettings_RefusesAndLeavesReceived()
    {
        var store = Store(accept: false);
        Record(store);
        var current = SampleBaselines.Current(store) with { Settings = SampleBaselines.Settings with { SecondsPerRate = 60 } };

        var error = Assert.Throws<BaselineIncompatibleException>(() => Verifier(store).Verify(current));

        Assert.Equal(["Cases:SingleWorkload:SecondsPerRate: baseline 15, current 60"], error.Differences);
        Assert.True(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Verify_AcceptEnabled_RecordsEveryRunAsTheNewBaseline()
    {
        var store = Store(accept: true);
        Record(store);
        var recording = SampleBaselines.Create(store, 4, 5, 6, 7);

        var result = Verifier(store).Verify(recording);

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

        var error = Assert.Throws<ArgumentException>(() => Verifier(store).Verify(SampleBaselines.Create(store, 1, 2)));

        Assert.Contains("received holds 2", error.Message, StringComparison.Ordinal);
    }

    private static BaselineVerifier Verifier(BaselineStore store) => new(store, new AnalysisSettings());

    private BaselineStore Store(bool accept) => new(folder.Path, "embedded", accept);

    // Records a three-seed baseline through an accepting store, as a user would; returns the file's text.
    private static string Record(BaselineStore store)
    {
        var recorder = new BaselineStore(store.Folder, store.Profile, acceptEnabled: true);
        recorder.WriteReceived(SampleBaselines.Create(recorder, 1, 2, 3));
        return File.ReadAllText(recorder.Accept(RegressionCase.SingleWorkload));
    }
}
