using System.Text.Json;
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
    public void Run_Plan_RunsUnchangedFirstThenEachChangeWithTheSeedsAfterTheBaseline()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan);

        Assert.Equal(["baseline, seed 1", "baseline, seed 2"], runs.Baseline.Select(r => r.Label));
        Assert.Equal(["unchanged", "decode ×2.00"], runs.Changes.Select(c => c.Change.Name));
        Assert.Equal(["decode ×2.00, seed 3", "decode ×2.00, seed 4"], runs.Changes[1].Runs.Select(r => r.Label));
    }

    [Fact]
    public void Summarize_DecodeTwiceAsSlow_IsDetectedOnNtpotInEveryRun()
    {
        var runs = DetectionExperiment.Run(SingleModel, Prompts, Plan);

        var summary = DetectionStatistics.Summarize(runs, new AnalysisSettings());

        var slower = summary.Single(c => c.Change.Name == "decode ×2.00");
        Assert.Equal(2, slower.Regressed);
        // Two baseline runs give a wide Student-t band (t = 63.7 at 99 %): the shift of p90 NTPOT
        // over both rates still stands out; p90 latency's single worse rate no longer fails alone.
        Assert.Equal(1.0, slower.For(CoreMetric.P90NormalizedTimePerOutputToken).Rate);
        Assert.True(slower.For(CoreMetric.P90Latency).WorstWorseningMin > 0.5, $"decode ×2 should make p90 latency far worse, got {slower.For(CoreMetric.P90Latency).WorstWorseningMin}");
        Assert.Equal(0, summary.Single(c => c.Change.IsUnchanged).For(CoreMetric.PromptsAttempted).Regressed);
    }

    [Fact]
    public void WithTolerance_SetsEveryMetricsToleranceAndKeepsTheRest()
    {
        var settings = DetectionStatistics.WithTolerance(new AnalysisSettings(), 0.03);

        Assert.All(CoreMetrics.All, d => Assert.Equal(0.03, settings.For(d.Metric).RelativeTolerance));
        Assert.Equal(new AnalysisSettings().PromptsAttempted.MinRSquared, settings.PromptsAttempted.MinRSquared);
    }

    [Fact]
    public void Run_OneBaselineRun_IsRefusedNamingTheCount()
    {
        var error = Assert.Throws<ArgumentException>(() => DetectionExperiment.Run(SingleModel, Prompts, Plan with { BaselineRuns = 1 }));

        Assert.Contains("BaselineRuns = 1", error.Message, StringComparison.Ordinal);
    }

    // The changes hold delegates, which do not serialize; the runs are what must match.
    private static string Json(DetectionRuns runs) => JsonSerializer.Serialize(new { runs.Baseline, Changes = runs.Changes.Select(c => c.Runs) });
}
