using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

/// <summary>The default rules: a metric fails on two worse rates, or on a shift of the whole sweep.</summary>
public sealed class SweepComparerShiftTests
{
    private static readonly AnalysisSettings Defaults = new();

    [Fact]
    public void Compare_OneNoisyRateBeyondItsBand_IsNotARegressionByDefault()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.3, atRate: 340);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(RateVerdict.Worse, latency.Rates.Single(r => r.RequestRate == 340).Verdict);
        Assert.Equal(RateVerdict.Same, latency.Shift!.Verdict);
        Assert.Equal(Verdict.Unchanged, latency.Verdict);
        Assert.Equal("P90 latency within tolerance at all 6 rates (largest worsening +30.0 % at 340 req/s)", latency.Reason);
    }

    [Fact]
    public void Compare_TwoRatesBeyondTheirBands_Regressed()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.25, atRate: 340).Scale(CoreMetric.P90Latency, 1.15, atRate: 300);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(Verdict.Regressed, latency.Verdict);
        Assert.StartsWith("P90 latency +25.0 % at 340 req/s", latency.Reason, StringComparison.Ordinal);
        Assert.EndsWith("; worse at 2 of 6 rates", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_UniformShiftHiddenByNoisyRates_CaughtByTheSweepAverage()
    {
        var baseline = NoisyRatesQuietAverages();
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90NormalizedTimePerOutputToken, 1.10);

        var ntpot = SweepComparer.Compare(baseline, current, Defaults).For(CoreMetric.P90NormalizedTimePerOutputToken);

        Assert.All(ntpot.Rates, r => Assert.Equal(RateVerdict.Same, r.Verdict));
        Assert.Equal(0.10, ntpot.Shift!.Worsening, precision: 9);
        Assert.Equal(0, ntpot.Shift.NoiseBand, precision: 9);
        Assert.Equal(Verdict.Regressed, ntpot.Verdict);
        Assert.Equal(
            "P90 normalized time per output token +10.0 % worse on average over 6 rates (allowed 8.0 %: tolerance 8.0 %, noise ±0.0 %)",
            ntpot.Reason);
    }

    [Fact]
    public void Compare_SweepAveragesThatVaryBetweenRuns_WidenTheShiftsBand()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.05), current, Defaults).For(CoreMetric.P90Latency);

        Assert.True(latency.Shift!.NoiseBand > 0.10, $"band {latency.Shift.NoiseBand}");
        Assert.Equal(Verdict.Unchanged, latency.Verdict);
    }

    [Fact]
    public void Compare_UniformImprovement_IsReportedNotFailed()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.OutputTokensPerMinute, 1.07);

        var tokens = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.OutputTokensPerMinute);

        Assert.Equal(RateVerdict.Better, tokens.Shift!.Verdict);
        Assert.Equal(Verdict.Improved, tokens.Verdict);
    }

    // Four runs whose values swing ±15 % from rate to rate, with every rate's mean and every
    // run's average over the rates exactly typical: per-rate bands are wide, the sweep average's zero.
    private static SweepValues[] NoisyRatesQuietAverages()
    {
        double[][] swings =
        [
            [+1, -1, +1, -1, +1, -1],
            [-1, +1, -1, +1, -1, +1],
            [+1, +1, -1, -1, -1, +1],
            [-1, -1, +1, +1, +1, -1],
        ];
        return swings.Select((swing, run) => SampleSweeps.Run(
                $"baseline-{run}",
                (metric, rate) => SampleSweeps.Typical(metric, rate) * (1 + (0.15 * swing[Array.IndexOf(SampleSweeps.Rates, rate)])),
                SampleSweeps.Rates))
            .ToArray();
    }
}
