using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

public sealed class SweepComparerDirectionTests
{
    private static readonly AnalysisSettings Settings = SampleSweeps.PerRateSettings;

    [Fact]
    public void Compare_SameValues_EveryMetricUnchanged()
    {
        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), SampleSweeps.TypicalRun(), Settings);

        Assert.Equal(Verdict.Unchanged, comparison.Verdict);
        Assert.All(comparison.Metrics, m => Assert.Equal(Verdict.Unchanged, m.Verdict));
        Assert.Empty(comparison.RegressedMetrics);
        Assert.Equal(CoreMetrics.All.Select(d => d.Metric), comparison.Metrics.Select(m => m.Metric));
    }

    [Theory]
    [InlineData(CoreMetric.P90Latency, 1.15, Verdict.Regressed)]
    [InlineData(CoreMetric.P90Latency, 0.85, Verdict.Improved)]
    [InlineData(CoreMetric.P90NormalizedTimePerOutputToken, 1.15, Verdict.Regressed)]
    [InlineData(CoreMetric.P90NormalizedTimePerOutputToken, 0.85, Verdict.Improved)]
    [InlineData(CoreMetric.OutputTokensPerMinute, 0.85, Verdict.Regressed)]
    [InlineData(CoreMetric.OutputTokensPerMinute, 1.15, Verdict.Improved)]
    [InlineData(CoreMetric.PromptsSucceeded, 0.9, Verdict.Regressed)]
    [InlineData(CoreMetric.PromptsSucceeded, 1.1, Verdict.Improved)]
    [InlineData(CoreMetric.PromptsAttempted, 0.9, Verdict.Regressed)]
    public void Compare_ChangeAtOneRate_JudgedByTheMetricsDirection(CoreMetric metric, double factor, Verdict expected)
    {
        var current = SampleSweeps.TypicalRun().Scale(metric, factor, atRate: 340);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        var judged = comparison.For(metric);
        Assert.Equal(expected, judged.Verdict);
        Assert.Equal(expected == Verdict.Regressed ? RateVerdict.Worse : RateVerdict.Better, judged.Rates.Single(r => r.RequestRate == 340).Verdict);
        Assert.All(judged.Rates.Where(r => r.RequestRate != 340), r => Assert.Equal(RateVerdict.Same, r.Verdict));
        Assert.All(comparison.Metrics.Where(m => m.Metric != metric), m => Assert.Equal(Verdict.Unchanged, m.Verdict));
    }

    [Fact]
    public void Compare_OnlyImprovements_OverallImprovedAndNothingRegressed()
    {
        var current = SampleSweeps.TypicalRun()
            .Scale(CoreMetric.P90Latency, 0.5)
            .Scale(CoreMetric.OutputTokensPerMinute, 1.5);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal(Verdict.Improved, comparison.Verdict);
        Assert.Empty(comparison.RegressedMetrics);
        Assert.Equal(Verdict.Improved, comparison.For(CoreMetric.P90Latency).Verdict);
        Assert.Equal(Verdict.Improved, comparison.For(CoreMetric.OutputTokensPerMinute).Verdict);
    }

    [Fact]
    public void Compare_OneMetricRegressed_OverallRegressedAndListsIt()
    {
        var current = SampleSweeps.TypicalRun()
            .Scale(CoreMetric.P90Latency, 1.2, atRate: 350)
            .Scale(CoreMetric.OutputTokensPerMinute, 1.5);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal(Verdict.Regressed, comparison.Verdict);
        Assert.Equal([CoreMetric.P90Latency], comparison.RegressedMetrics.Select(m => m.Metric));
    }

    [Fact]
    public void Compare_SweepResults_ReadsTheCoreMetricsOfTheOverallBucket()
    {
        var before = new[] { SampleSweeps.Result("before", SampleSweeps.Typical, SampleSweeps.Rates) };
        var after = SampleSweeps.Result("after", (m, r) => SampleSweeps.Typical(m, r) * (m == CoreMetric.OutputTokensPerMinute ? 0.9 : 1), SampleSweeps.Rates);

        var comparison = SweepComparer.Compare(before, after, Settings);

        Assert.Equal(["before"], comparison.BaselineRuns);
        Assert.Equal("after", comparison.Current);
        var tokens = comparison.For(CoreMetric.OutputTokensPerMinute);
        Assert.Equal(Verdict.Regressed, tokens.Verdict);
        Assert.All(tokens.Rates, r => Assert.Equal(-0.1, r.RelativeDelta, precision: 12));
        Assert.Equal(SampleSweeps.Typical(CoreMetric.OutputTokensPerMinute, 300), tokens.Rates[0].BaselineMean, precision: 6);
    }

    [Fact]
    public void Compare_NoBaselineRuns_Throws()
    {
        Assert.Throws<ArgumentException>(() => SweepComparer.Compare(Array.Empty<SweepValues>(), SampleSweeps.TypicalRun(), Settings));
    }
}
