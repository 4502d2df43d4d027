using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Settings;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Reports;

public sealed class ComparisonHeadlineTests
{
    private static readonly AnalysisSettings Settings = SampleSweeps.PerRateSettings;

    [Fact]
    public void Describe_Unchanged_SaysAllMetricsWithinTheirBands()
    {
        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), SampleSweeps.TypicalRun(), Settings);

        Assert.Equal("UNCHANGED: all 5 metrics within their allowed bands of the baseline (3 baseline runs).", ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_OneRegression_NamesItAndCountsTheOthers()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.123, atRate: 340);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal("REGRESSED: P90 latency (+12.3 % at 340 req/s). 4 other metrics unchanged.", ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_TwoRegressionsAndAnImprovement_NamesBothAndGroupsTheOthers()
    {
        var current = SampleSweeps.TypicalRun()
            .Scale(CoreMetric.P90Latency, 1.15, atRate: 350)
            .Scale(CoreMetric.OutputTokensPerMinute, 0.9, atRate: 300)
            .Scale(CoreMetric.P90NormalizedTimePerOutputToken, 0.5, atRate: 320);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal(
            "REGRESSED: Output tokens/min (-10.0 % at 300 req/s), P90 latency (+15.0 % at 350 req/s). 2 other metrics unchanged, 1 improved.",
            ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_RSquaredGate_ShowsTheRSquaredAndItsMinimum()
    {
        var settings = new AnalysisSettings { PromptsAttempted = new MetricThresholds { RelativeTolerance = 0.5, MinRSquared = 0.95 } };
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.PromptsAttempted, 0.98);

        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, settings);

        Assert.Equal("REGRESSED: Prompts attempted (R² 0.8547 < 0.95). 4 other metrics unchanged.", ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_Improved_NamesTheImprovement()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 0.5, atRate: 330);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal("IMPROVED: P90 latency (-50.0 % at 330 req/s). 4 other metrics unchanged.", ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_NothingInCommon_NotComputableWithTheMissingRates()
    {
        var comparison = SweepComparer.Compare(
            [SampleSweeps.Run("before", SampleSweeps.Typical, 300, 310)], SampleSweeps.Run("after", SampleSweeps.Typical, 320, 330), Settings);

        Assert.Equal(
            "NOT COMPUTABLE: no metric could be judged (no request rate with a value on both sides). " +
            "No current value at 300, 310 req/s. No baseline value at 320, 330 req/s.",
            ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void Describe_RateMissingFromCurrent_IsReportedEvenWhenUnchanged()
    {
        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), SampleSweeps.TypicalRun().Without(350), Settings);

        Assert.Equal(
            "UNCHANGED: all 5 metrics within their allowed bands of the baseline (3 baseline runs). No current value at 350 req/s.",
            ComparisonHeadline.Describe(comparison));
    }
}
