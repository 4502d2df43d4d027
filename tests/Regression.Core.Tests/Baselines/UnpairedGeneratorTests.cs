using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

/// <summary>A load generator that draws its own schedule (LPG) never makes a paired baseline or a paired comparison.</summary>
public sealed class UnpairedGeneratorTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void CreateBaseline_RunsOfOneSeedFromAGeneratorThatDoesNotReplayIt_IsUnpaired()
    {
        var store = new BaselineStore(folder.Path, "kubernetes", acceptEnabled: true);
        var runs = Enumerable.Repeat(1, 3).Select(seed => BaselineRun.FromSweep(SampleBaselines.Sweep(seed), seed, SampleBaselines.RecordedAt)).ToArray();

        var replayed = store.CreateBaseline(RegressionCase.SingleWorkload, SampleBaselines.Settings, runs, EnvironmentKind.Kubernetes);
        var drawnByLpg = store.CreateBaseline(RegressionCase.SingleWorkload, SampleBaselines.Settings, runs, EnvironmentKind.Kubernetes, schedulesReplayed: false);

        Assert.True(replayed.Schedule.Paired);
        Assert.False(drawnByLpg.Schedule.Paired);
        Assert.False(drawnByLpg.IsPairedWith(1));
    }

    [Fact]
    public void UnpairedWarning_CurrentRunFromAGeneratorThatDoesNotReplayTheSeed_SaysTheComparisonIsUnpaired()
    {
        var store = new BaselineStore(folder.Path, "kubernetes", acceptEnabled: true);
        var verified = SampleBaselines.Create(store, 1);
        var run = BaselineRun.FromSweep(SampleBaselines.Sweep(1), 1, SampleBaselines.RecordedAt);
        var paired = store.CreateBaseline(RegressionCase.SingleWorkload, SampleBaselines.Settings, [run], EnvironmentKind.Embedded);
        var lpg = store.CreateBaseline(RegressionCase.SingleWorkload, SampleBaselines.Settings, [run], EnvironmentKind.Embedded, schedulesReplayed: false);

        Assert.Null(BaselineCompatibility.UnpairedWarning(verified, paired));
        Assert.StartsWith("Unpaired: this run's load generator draws its own schedule", BaselineCompatibility.UnpairedWarning(verified, lpg), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CurrentRunFromLpg_IsJudgedUnpairedWithAWarning()
    {
        var recorder = new BaselineStore(folder.Path, "embedded", acceptEnabled: true);
        recorder.WriteReceived(SampleBaselines.Create(recorder, 1));
        recorder.Accept(RegressionCase.SingleWorkload);
        var store = new BaselineStore(folder.Path, "embedded", acceptEnabled: false);
        var sweep = SampleBaselines.Sweep(1);
        var current = store.CreateBaseline(
            RegressionCase.SingleWorkload, SampleBaselines.Settings, [BaselineRun.FromSweep(sweep, 1, SampleBaselines.RecordedAt)], EnvironmentKind.Embedded, schedulesReplayed: false);

        var result = new BaselineVerifier(store, new AnalysisSettings(), new ChecksSettings()).Verify(current, [sweep]);

        Assert.False(result.Paired);
        Assert.Contains(result.Comparison!.Warnings, w => w.StartsWith("Unpaired: this run's load generator", StringComparison.Ordinal));
    }
}
