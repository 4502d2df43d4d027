using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

/// <summary>Rates on one side only, NaN values, too few rates in common.</summary>
public sealed class SweepComparerCoverageTests
{
    private static readonly AnalysisSettings Settings = SampleSweeps.PerRateSettings;

    [Fact]
    public void Compare_RateMissingFromCurrent_ListedForEveryMetricAndInTheReason()
    {
        var current = SampleSweeps.TypicalRun().Without(350);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), current, Settings);

        Assert.Equal([350.0], comparison.MissingFromCurrent);
        Assert.Empty(comparison.MissingFromBaseline);
        Assert.All(comparison.Metrics, m =>
        {
            Assert.Equal([350.0], m.MissingFromCurrent);
            Assert.Equal(5, m.Rates.Count);
            Assert.EndsWith("; no current value at 350 req/s", m.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Compare_RateMissingFromBaseline_Listed()
    {
        var current = SampleSweeps.Run("current", SampleSweeps.Typical, [.. SampleSweeps.Rates, 360]);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), current, Settings);

        Assert.Equal([360.0], comparison.MissingFromBaseline);
        Assert.All(comparison.Metrics, m => Assert.EndsWith("; no baseline value at 360 req/s", m.Reason, StringComparison.Ordinal));
        Assert.Equal(Verdict.Unchanged, comparison.Verdict);
    }

    [Fact]
    public void Compare_CurrentNaNAtOneRate_ThatMetricTreatsTheRateAsMissing()
    {
        var current = SampleSweeps.TypicalRun().With(CoreMetric.P90Latency, 330, double.NaN);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), current, Settings);

        var latency = comparison.For(CoreMetric.P90Latency);
        Assert.Equal([330.0], latency.MissingFromCurrent);
        Assert.DoesNotContain(latency.Rates, r => r.RequestRate == 330);
        Assert.Equal(5, latency.RSquared.Points);
        Assert.All(comparison.Metrics.Where(m => m.Metric != CoreMetric.P90Latency), m => Assert.Empty(m.MissingFromCurrent));
    }

    [Fact]
    public void Compare_BaselineRunNaNAtOneRate_ThatRunIsLeftOutThere()
    {
        var runs = SampleSweeps.Baseline(0.01).ToArray();
        runs[2] = runs[2].With(CoreMetric.P90Latency, 330, double.NaN);

        var latency = SweepComparer.Compare(runs, SampleSweeps.TypicalRun(), Settings).For(CoreMetric.P90Latency);

        Assert.Equal(2, latency.Rates.Single(r => r.RequestRate == 330).BaselineRuns);
        Assert.Equal(3, latency.Rates.Single(r => r.RequestRate == 320).BaselineRuns);
        Assert.Empty(latency.MissingFromCurrent);
    }

    [Fact]
    public void Compare_CurrentNaNAtOneRate_RecordsTheRateAsDroppedForThatMetric()
    {
        var current = SampleSweeps.TypicalRun().With(CoreMetric.P90Latency, 330, double.NaN);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.01), current, Settings);

        Assert.Equal([new DroppedValue(330, "current", "NaN", RateDropped: true)], comparison.For(CoreMetric.P90Latency).Dropped);
        Assert.All(comparison.Metrics.Where(m => m.Metric != CoreMetric.P90Latency), m => Assert.Empty(m.Dropped));
    }

    [Fact]
    public void Compare_OneBaselineRunNaN_RecordsTheRunButKeepsTheRate()
    {
        var runs = SampleSweeps.Baseline(0.01).ToArray();
        runs[2] = runs[2].With(CoreMetric.P90Latency, 330, double.NaN);

        var latency = SweepComparer.Compare(runs, SampleSweeps.TypicalRun(), Settings).For(CoreMetric.P90Latency);

        Assert.Equal([new DroppedValue(330, "baseline run 3 of 3", "NaN", RateDropped: false)], latency.Dropped);
    }

    [Fact]
    public void Compare_RateOnOneSideOnly_IsMissingNotDropped()
    {
        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.01), SampleSweeps.TypicalRun().Without(350), Settings).For(CoreMetric.P90Latency);

        Assert.Empty(latency.Dropped);
        Assert.Equal([350.0], latency.MissingFromCurrent);
    }

    [Fact]
    public void Compare_FolderValueWithoutValue_SaysHowTheFileHadNone()
    {
        var before = SampleSweeps.Result("before", SampleSweeps.Typical, 300, 310, 320);
        var after = SampleSweeps.Result("after", SampleSweeps.Typical, 300, 310, 320);
        var gap = after.Rates[1] with
        {
            Overall = after.Rates[1].Overall with
            {
                LatencyMs = Distribution.Zero with { P90 = double.NaN },
                AbsentCoreMetrics = new Dictionary<CoreMetric, string> { [CoreMetric.P90Latency] = "null" },
            },
        };
        after = after with { Rates = [after.Rates[0], gap, after.Rates[2]] };

        var latency = SweepComparer.Compare([before], after, Settings).For(CoreMetric.P90Latency);

        Assert.Equal([new DroppedValue(310, "current", "null", RateDropped: true)], latency.Dropped);
        Assert.Equal(2, latency.RSquared.Points);
        Assert.Equal([300.0, 320.0], latency.Rates.Select(r => r.RequestRate));
    }

    [Fact]
    public void Compare_OneRateInCommon_JudgedPerRateWithoutRSquared()
    {
        var baseline = SampleSweeps.Run("before", SampleSweeps.Typical, 300, 310);
        var current = SampleSweeps.Run("after", SampleSweeps.Typical, 310, 320).Scale(CoreMetric.P90Latency, 1.5);

        var comparison = SweepComparer.Compare([baseline], current, Settings);

        var latency = comparison.For(CoreMetric.P90Latency);
        Assert.Equal(Verdict.Regressed, latency.Verdict);
        Assert.False(latency.RSquared.IsComputable);
        Assert.Single(latency.Rates);
        Assert.Contains("no current value at 300 req/s; no baseline value at 320 req/s", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NoRateInCommon_NotComputableWithReason()
    {
        var baseline = SampleSweeps.Run("before", SampleSweeps.Typical, 300, 310);
        var current = SampleSweeps.Run("after", SampleSweeps.Typical, 320, 330);

        var comparison = SweepComparer.Compare([baseline], current, Settings);

        Assert.Equal(Verdict.NotComputable, comparison.Verdict);
        var latency = comparison.For(CoreMetric.P90Latency);
        Assert.Equal(Verdict.NotComputable, latency.Verdict);
        Assert.StartsWith("P90 latency not judged: no request rate with a value on both sides", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NotComputableAndRegressed_OverallRegressed()
    {
        var current = SampleSweeps.TypicalRun()
            .Scale(CoreMetric.P90Latency, 1.5)
            .With(CoreMetric.PromptsSucceeded, 300, double.NaN)
            .With(CoreMetric.PromptsSucceeded, 310, double.NaN)
            .With(CoreMetric.PromptsSucceeded, 320, double.NaN)
            .With(CoreMetric.PromptsSucceeded, 330, double.NaN)
            .With(CoreMetric.PromptsSucceeded, 340, double.NaN)
            .With(CoreMetric.PromptsSucceeded, 350, double.NaN);

        var comparison = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings);

        Assert.Equal(Verdict.NotComputable, comparison.For(CoreMetric.PromptsSucceeded).Verdict);
        Assert.Equal(Verdict.Regressed, comparison.Verdict);
    }

    [Fact]
    public void Reason_UnchangedMetric_NamesTheLargestWorsening()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.012, atRate: 330).Scale(CoreMetric.P90Latency, 1.005, atRate: 300);

        var latency = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, Settings).For(CoreMetric.P90Latency);

        Assert.Equal("P90 latency within tolerance at all 6 rates (largest worsening +1.2 % at 330 req/s); MDC unknown (one baseline run)", latency.Reason);
    }

    [Fact]
    public void Reason_ThroughputDrop_ShowsTheSignedDeltaAndTheBand()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.OutputTokensPerMinute, 0.9, atRate: 340);

        var tokens = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, Settings).For(CoreMetric.OutputTokensPerMinute);

        Assert.Equal("Output tokens/min -10.0 % at 340 req/s (allowed 3.0 %: tolerance 3.0 %, no noise band from 1 baseline run); MDC unknown (one baseline run)", tokens.Reason);
    }

    [Fact]
    public void Reason_NoisyBaseline_ShowsTheNoiseBand()
    {
        // Three runs at ±5 %: pooled s = 5 % on 12 df, the band t(0.995, 12) · 5 % · √(4/3) = 17.6 %.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.3, atRate: 340);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.05), current, Settings).For(CoreMetric.P90Latency);

        Assert.Equal(
            "P90 latency +30.0 % at 340 req/s (allowed 17.6 %: tolerance 3.0 %, noise ±17.6 %); MDC 11.4 %",
            latency.Reason);
    }

    [Fact]
    public void Reason_Improved_NamesTheLargestImprovement()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 0.8, atRate: 310).Scale(CoreMetric.P90Latency, 0.7, atRate: 350);

        var latency = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, Settings).For(CoreMetric.P90Latency);

        Assert.Equal("P90 latency better at 2 of 6 rates, none worse (largest improvement -30.0 % at 350 req/s); MDC unknown (one baseline run)", latency.Reason);
    }
}
