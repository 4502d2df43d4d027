using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

/// <summary>The sweep check's band, the minimum detectable change and the runs that would resolve a verdict.</summary>
public sealed class DetectableChangeTests
{
    // Published t quantiles: t(0.995, 3), t(0.95, 3), t(0.995, 18).
    private const double T995Df3 = 5.840909309733;
    private const double T95Df3 = 2.353363434802;
    private const double T995Df18 = 2.878440472739;

    private static readonly AnalysisSettings Defaults = new();

    [Fact]
    public void SweepShift_HandExample_BandAndMdcFromThePooledNoise()
    {
        // Two rates, 3 and 2 runs: pooled s = √(0.0058 / 3) on 3 df (see PooledNoiseTests).
        var noise = PooledNoise.From([[98, 100, 102], [190, 210]]);
        RateComparison[] rates =
        [
            RateComparison.Create(300, [98, 100, 102], current: 104, worseSign: 1, tolerance: 0.03, noise, confidence: 0.99),
            RateComparison.Create(310, [190, 210], current: 210, worseSign: 1, tolerance: 0.03, noise, confidence: 0.99),
        ];

        var shift = SweepShift.Create(rates, noise, tolerance: 0.03, confidence: 0.99)!;

        var s = Math.Sqrt(0.0058 / 3);
        var standardError = s * Math.Sqrt((1 + (1.0 / 3)) + (1 + (1.0 / 2))) / 2;
        Assert.Equal(0.045, shift.Worsening, precision: 12);
        Assert.Equal(standardError, shift.StandardError, precision: 12);
        Assert.Equal(T995Df3 * standardError, shift.NoiseBand, precision: 9);
        Assert.Equal((T995Df3 * standardError) + (T95Df3 * standardError), DetectableChange.Of(shift)!.Value, precision: 9);
    }

    [Fact]
    public void Compare_TenQuietReplicatesOfSixRates_FlagsAUniformFivePercentAndPassesNoChange()
    {
        // Ten runs at ±1 %: s = 1.05 % on 6 × 9 = 54 df; band_W = t(0.995, 54) · s · √6.6 / 6 = 1.2 %, so 3 % decides.
        var baseline = SweepComparerShiftTests.Replicates(10, 0.01);

        var worse = SweepComparer.Compare(baseline, SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.05), Defaults).For(CoreMetric.P90Latency);
        var same = SweepComparer.Compare(baseline, SampleSweeps.TypicalRun(), Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(54, worse.DegreesOfFreedom);
        Assert.Equal(0.01 * Math.Sqrt(10.0 / 9), worse.NoiseStandardDeviation!.Value, precision: 12);
        Assert.Equal(Verdict.Regressed, worse.Verdict);
        Assert.Equal(Verdict.Unchanged, same.Verdict);
        Assert.True(same.MinimumDetectableChange < 0.05, $"MDC {same.MinimumDetectableChange}");
        Assert.False(same.IsTooNoisyForTarget);
        Assert.Null(same.RunsToReachTarget);
    }

    [Fact]
    public void Compare_TwoNoisyRunsAndATenPercentWorsening_InconclusiveWithTheRunsThatWouldResolveIt()
    {
        // Two runs at ±5 %: s = 7.07 % on 6 df, band_W = t(0.995, 6) · s · √9 / 6 = 13.1 % > W = 10 % > 3 %.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10);

        var latency = SweepComparer.Compare(SweepComparerShiftTests.Replicates(2, 0.05), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(Verdict.Inconclusive, latency.Verdict);
        // Four runs: t(0.995, 18) · s · √(1.25 / 6) = 9.3 % < 10 %; three runs give 10.2 %.
        Assert.True(T995Df18 * Math.Sqrt(0.005) * Math.Sqrt(1.25 / 6) < 0.10);
        Assert.Equal(4, latency.RunsToResolve);
        Assert.StartsWith(
            "P90 latency inconclusive: +10.0 % worse on average over 6 rates, beyond its tolerance 3.0 % but inside its noise band ±13.1 %; " +
            "4 baseline runs would resolve it; MDC ",
            latency.Reason,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_HugeNoise_NoNumberOfRunsResolvesOrReachesTheTarget()
    {
        // s = 21 %: even infinitely many runs leave band_W near 2.58 · 21 % / √6 = 22 % > 10 %.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10);

        var latency = SweepComparer.Compare(SweepComparerShiftTests.Replicates(2, 0.15), current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(Verdict.Inconclusive, latency.Verdict);
        Assert.Null(latency.RunsToResolve);
        Assert.True(latency.IsTooNoisyForTarget);
        Assert.Null(latency.RunsToReachTarget);
        Assert.Contains("no baseline of up to 100 runs would resolve it", latency.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NoisyBaseline_RunsToReachTargetIsTheFirstRunCountWhoseMdcIsAtMostTheTarget()
    {
        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.025), SampleSweeps.TypicalRun(), Defaults).For(CoreMetric.P90Latency);

        Assert.True(latency.MinimumDetectableChange > 0.05);
        var runs = latency.RunsToReachTarget!.Value;
        Assert.True(ProjectedMdc(runs) <= 0.05, $"{runs} runs: MDC {ProjectedMdc(runs)}");
        Assert.True(ProjectedMdc(runs - 1) > 0.05, $"{runs - 1} runs: MDC {ProjectedMdc(runs - 1)}");

        // Six rates of n runs with s = 2.5 %, as the remarks of DetectableChange project them.
        static double ProjectedMdc(int n)
        {
            var df = 6 * (n - 1);
            var standardError = 0.025 * Math.Sqrt((1 + (1.0 / n)) / 6);
            return Math.Max(0.03, NoiseBand.TwoSidedQuantile(df, 0.99) * standardError) + (NoiseBand.PowerQuantile(df) * standardError);
        }
    }

    [Fact]
    public void Compare_OneRunBaseline_ToleranceAloneDecidesAndTheMdcIsUnknown()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.04);

        var latency = SweepComparer.Compare([SampleSweeps.TypicalRun("only")], current, Defaults).For(CoreMetric.P90Latency);

        Assert.Equal(0, latency.DegreesOfFreedom);
        Assert.Null(latency.NoiseStandardDeviation);
        Assert.Equal(0, latency.Shift!.NoiseBand);
        Assert.Null(latency.MinimumDetectableChange);
        Assert.Equal(Verdict.Regressed, latency.Verdict);
        Assert.EndsWith("; MDC unknown (one baseline run)", latency.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.90)]
    [InlineData(0.60)]
    public void Compare_Improvement_NeverFailsHoweverNoisyTheBaseline(double factor)
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, factor);

        var comparison = SweepComparer.Compare(SweepComparerShiftTests.Replicates(2, 0.05), current, Defaults);

        Assert.Contains(comparison.For(CoreMetric.P90Latency).Verdict, (Verdict[])[Verdict.Unchanged, Verdict.Improved]);
        Assert.True(comparison.Passed);
    }

    [Fact]
    public void Compare_RSquaredGate_StillFailsAMultiRunBaselineInsideItsBands()
    {
        var settings = new AnalysisSettings { PromptsAttempted = new MetricThresholds { RelativeTolerance = 0.5, MinRSquared = 0.95 } };
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.PromptsAttempted, 0.98);

        var attempted = SweepComparer.Compare(SweepComparerShiftTests.Replicates(10, 0.001), current, settings).For(CoreMetric.PromptsAttempted);

        Assert.Equal(0.8547428571428571, attempted.RSquared.Value!.Value, precision: 12);
        Assert.Equal(RateVerdict.Same, attempted.Shift!.Verdict);
        Assert.True(attempted.FailedRSquaredGate);
        Assert.Equal(Verdict.Regressed, attempted.Verdict);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Passed_Inconclusive_FailsUnlessAllowed(bool inconclusiveFails, bool passed)
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10);

        var comparison = SweepComparer.Compare(SweepComparerShiftTests.Replicates(2, 0.05), current, Defaults with { InconclusiveFails = inconclusiveFails });

        Assert.Equal(Verdict.Inconclusive, comparison.Verdict);
        Assert.Equal(!passed, comparison.Fails(comparison.For(CoreMetric.P90Latency)));
        Assert.Equal(passed, comparison.Passed);
    }

    [Fact]
    public void Verdict_RegressedOutranksInconclusive()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10).Scale(CoreMetric.PromptsSucceeded, 0.5);

        var comparison = SweepComparer.Compare(SweepComparerShiftTests.Replicates(2, 0.05), current, Defaults);

        Assert.Equal(Verdict.Inconclusive, comparison.For(CoreMetric.P90Latency).Verdict);
        Assert.Equal(Verdict.Regressed, comparison.Verdict);
    }
}
