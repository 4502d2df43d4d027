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
        // +12 % at one of six rates moves the average by 2 %, inside the 3 % tolerance.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.12, atRate: 340);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(RateVerdict.Worse, latency.Rates.Single(r => r.RequestRate == 340).Verdict);
        Assert.Equal(RateVerdict.Same, latency.Shift!.Verdict);
        Assert.Equal(Verdict.Unchanged, latency.Verdict);
        Assert.Equal("P90 latency within tolerance at all 6 rates (largest worsening +12.0 % at 340 req/s); MDC 3.1 %", latency.Reason);
    }

    [Fact]
    public void Compare_TwoRatesBeyondTheirBands_Regressed()
    {
        // Two rates beyond the tolerance, the average (+2.3 %) inside it.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.08, atRate: 340).Scale(CoreMetric.P90Latency, 1.06, atRate: 300);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(RateVerdict.Same, latency.Shift!.Verdict);
        Assert.Equal(Verdict.Regressed, latency.Verdict);
        Assert.StartsWith("P90 latency +8.0 % at 340 req/s", latency.Reason, StringComparison.Ordinal);
        Assert.EndsWith("; worse at 2 of 6 rates; MDC 3.1 %", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_UniformShiftHiddenByNoisyRates_CaughtByTheSweepAverage()
    {
        // Ten runs at ±2 % (s = 2.1 % on 54 df): each rate's band is 5.9 %, the average's 2.4 %.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90NormalizedTimePerOutputToken, 1.05);

        var ntpot = SweepComparer.Compare(Replicates(10, 0.02), current, Defaults).For(CoreMetric.P90NormalizedTimePerOutputToken);

        Assert.All(ntpot.Rates, r => Assert.Equal(RateVerdict.Same, r.Verdict));
        Assert.Equal(0.05, ntpot.Shift!.Worsening, precision: 9);
        Assert.Equal(Verdict.Regressed, ntpot.Verdict);
        Assert.Equal(
            "P90 normalized time per output token +5.0 % worse on average over 6 rates (allowed 3.0 %: tolerance 3.0 %, noise ±2.4 %); MDC 4.5 %",
            ntpot.Reason);
    }

    [Fact]
    public void Compare_NoisyBaseline_WidensTheShiftsBandAndLeavesTheMetricInconclusive()
    {
        // Three runs at ±5 %: band_W = t(0.995, 12) · 5 % · √8 / 6 = 7.2 %, so +6 % is beyond the tolerance but not the band.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.06);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.05), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(0.0720, latency.Shift!.NoiseBand, precision: 4);
        Assert.Equal(Verdict.Inconclusive, latency.Verdict);
    }

    [Fact]
    public void Compare_UniformImprovement_IsReportedNotFailed()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.OutputTokensPerMinute, 1.07);

        var tokens = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Defaults).For(CoreMetric.OutputTokensPerMinute);

        Assert.Equal(RateVerdict.Better, tokens.Shift!.Verdict);
        Assert.Equal(Verdict.Improved, tokens.Verdict);
    }

    /// <summary>
    /// <paramref name="runs"/> runs whose values alternate ±<paramref name="spread"/> around typical from run to
    /// run and rate to rate: every rate's mean is typical, its relative sd spread · √(runs / (runs − 1)).
    /// </summary>
    internal static SweepValues[] Replicates(int runs, double spread) =>
        Enumerable.Range(0, runs)
            .Select(run => SampleSweeps.Run(
                $"baseline-{run}",
                (metric, rate) => SampleSweeps.Typical(metric, rate) * (1 + (spread * Sign(run + Array.IndexOf(SampleSweeps.Rates, rate)))),
                SampleSweeps.Rates))
            .ToArray();

    private static int Sign(int index) => index % 2 == 0 ? 1 : -1;
}
