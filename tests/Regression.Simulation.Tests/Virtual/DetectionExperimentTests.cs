using System.Text.Json;
using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;
using Regression.Simulation.Virtual;
using static Regression.Simulation.Tests.Virtual.SmallClusters;

namespace Regression.Simulation.Tests.Virtual;

public sealed class DetectionExperimentTests
{
    private static readonly DetectionPlan Plan = new() { BaselineRuns = 2, Runs = 2, Changes = [SweepChanges.SlowerDecode(2.0)] };

    [Fact]
    public void Run_AnyParallelism_GivesTheSameRuns()
    {
        var serial = DetectionExperiment.Run(SingleModel, Prompts, Plan with { MaxParallelism = 1 });
        var parallel = DetectionExperiment.Run(SingleModel, Prompts, Plan with { MaxParallelism = 4 });

        Assert.Equal(Json(serial), Json(parallel));
    }

    [Fact]
    public void Run_Plan_PairsEveryChangeWithTheBaselineOfItsOwnSeed()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan);

        Assert.Equal(["unchanged", "decode ×2.00"], runs.Changes.Select(c => c.Change.Name));
        Assert.Equal(["unchanged, seed 1", "unchanged, seed 2"], runs.Baselines.Select(r => r.Label));
        Assert.Equal(["decode ×2.00, seed 1", "decode ×2.00, seed 2"], runs.Changes[1].Runs.Select(r => r.Label));
        Assert.Equal(runs.Baselines, runs.Changes[0].Runs);
    }

    [Fact]
    public void BaselineOf_Run_RepeatsThatSeedsSweepBaselineRunsTimes()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan with { BaselineRuns = 3 });

        var baseline = runs.BaselineOf(1);

        Assert.Equal(3, baseline.Count);
        Assert.All(baseline, b => Assert.Same(runs.Baselines[1], b));
    }

    [Fact]
    public void Summarize_DecodeTwiceAsSlow_IsFlaggedInEveryRunAndUnchangedNever()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan);

        var summary = DetectionStatistics.Summarize(runs, new AnalysisSettings());

        var slower = summary.Single(c => c.Change.Name == "decode ×2.00");
        Assert.Equal(2, slower.Flagged);
        Assert.Equal(1.0, slower.For(CoreMetric.P90NormalizedTimePerOutputToken).Rate);
        Assert.True(slower.For(CoreMetric.P90Latency).WorstWorseningMin > 0.5, $"decode ×2 should make p90 latency far worse, got {slower.For(CoreMetric.P90Latency).WorstWorseningMin}");
        var unchanged = summary.Single(c => c.Change.IsUnchanged);
        Assert.Equal(0, unchanged.Flagged);
        Assert.All(unchanged.RSquaredOnly, r => Assert.Equal(0, r.Flagged));
    }

    [Fact]
    public void Summarize_RSquaredOnly_CountsEveryUpstreamMinimum()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan);

        var slower = DetectionStatistics.Summarize(runs, new AnalysisSettings()).Single(c => !c.Change.IsUnchanged);

        Assert.Equal([0.90, 0.95, 0.99], slower.RSquaredOnly.Select(r => r.MinRSquared));
        Assert.True(slower.RSquaredOnly[0].Flagged <= slower.RSquaredOnly[2].Flagged, "a higher minimum R² cannot flag fewer runs");
    }

    [Theory]
    [InlineData(0.989, 0.99, true)]
    [InlineData(0.99, 0.99, false)]
    [InlineData(1.0, 0.90, false)]
    public void FailsRSquaredOnly_OneMetricBelowTheMinimum_Flags(double lowest, double minimum, bool flagged)
    {
        Assert.Equal(flagged, DetectionStatistics.FailsRSquaredOnly([1.0, null, lowest], minimum));
    }

    [Theory]
    [InlineData(Verdict.Regressed, false, true)]
    [InlineData(Verdict.Unchanged, true, false)]
    [InlineData(Verdict.Improved, true, false)]
    [InlineData(Verdict.NotComputable, true, false)]
    public void IsFlagged_Verdict_FailsAsTheSuiteDoes(Verdict verdict, bool inconclusiveFails, bool flagged)
    {
        Assert.Equal(flagged, DetectionStatistics.IsFlagged(verdict, inconclusiveFails));
    }

    [Fact]
    public void WithTolerance_SetsEveryMetricsToleranceAndKeepsTheRest()
    {
        var settings = DetectionStatistics.WithTolerance(new AnalysisSettings(), 0.03);

        Assert.All(CoreMetrics.All, d => Assert.Equal(0.03, settings.For(d.Metric).RelativeTolerance));
        Assert.Equal(new AnalysisSettings().PromptsAttempted.MinRSquared, settings.PromptsAttempted.MinRSquared);
    }

    [Fact]
    public void Run_NoBaselineRun_IsRefusedNamingTheCount()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectionExperiment.Run(SingleModel, Prompts, Plan with { BaselineRuns = 0 }));

        Assert.Contains("BaselineRuns = 0", error.Message, StringComparison.Ordinal);
    }

    // The changes hold delegates, which do not serialize; the runs are what must match.
    private static string Json(DetectionRuns runs) => JsonSerializer.Serialize(new { runs.Baselines, Changes = runs.Changes.Select(c => c.Runs) });
}
