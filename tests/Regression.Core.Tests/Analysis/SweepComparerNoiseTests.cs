using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

public sealed class SweepComparerNoiseTests
{
    private static readonly AnalysisSettings Settings = SampleSweeps.PerRateSettings;

    [Fact]
    public void Compare_ChangeInsideNoisyBaselinesBand_IsSame()
    {
        // Three runs at ±5 % at every rate: pooled s = 5 % on 12 df, the 99 % band t(0.995, 12) · 5 % · √(4/3) ≈ 17.6 %.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.12, atRate: 340);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.05), current, Settings).For(CoreMetric.P90Latency);

        var rate = latency.Rates.Single(r => r.RequestRate == 340);
        Assert.Equal(RateVerdict.Same, rate.Verdict);
        Assert.True(rate.NoiseBand > rate.Tolerance, $"noise {rate.NoiseBand} should exceed tolerance {rate.Tolerance}");
        Assert.Equal(rate.NoiseBand, rate.Allowed);
        Assert.Equal(Verdict.Unchanged, latency.Verdict);
    }

    [Fact]
    public void Compare_SameChangeAgainstQuietBaseline_IsWorse()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.12, atRate: 340);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, Settings).For(CoreMetric.P90Latency);

        var rate = latency.Rates.Single(r => r.RequestRate == 340);
        Assert.Equal(RateVerdict.Worse, rate.Verdict);
        Assert.Equal(Settings.P90Latency.RelativeTolerance, rate.Allowed);
        Assert.Equal(Verdict.Regressed, latency.Verdict);
    }

    [Theory]
    [InlineData(1.02, RateVerdict.Same)]
    [InlineData(1.04, RateVerdict.Worse)]
    [InlineData(0.98, RateVerdict.Same)]
    [InlineData(0.96, RateVerdict.Better)]
    public void Compare_QuietBaseline_ToleranceIsTheFloor(double factor, RateVerdict expected)
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, factor, atRate: 320);

        var latency = SweepComparer.Compare(SampleSweeps.Baseline(0.0001), current, Settings).For(CoreMetric.P90Latency);

        Assert.Equal(expected, latency.Rates.Single(r => r.RequestRate == 320).Verdict);
    }

    [Fact]
    public void Compare_SingleRunBaseline_ToleranceAloneDecides()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.09, atRate: 320);

        var latency = SweepComparer.Compare([SampleSweeps.TypicalRun("only")], current, Settings).For(CoreMetric.P90Latency);

        var rate = latency.Rates.Single(r => r.RequestRate == 320);
        Assert.Null(rate.BaselineStandardDeviation);
        Assert.Equal(0, rate.NoiseBand);
        Assert.Equal(RateVerdict.Worse, rate.Verdict);
    }

    [Fact]
    public void RateComparison_StatisticsOfTheBaselineRuns_AreMeanSampleSdAndPooledPredictionBand()
    {
        var noise = new PooledNoise { StandardDeviation = 0.02, DegreesOfFreedom = 10 };

        var rate = RateComparison.Create(300, [98, 100, 102], current: 110, worseSign: 1, tolerance: 0.05, noise, confidence: 0.99);

        Assert.Equal(100, rate.BaselineMean, precision: 12);
        Assert.Equal(2, rate.BaselineStandardDeviation!.Value, precision: 12);
        Assert.Equal(0.1, rate.RelativeDelta, precision: 12);
        Assert.Equal(0.1, rate.Worsening, precision: 12);
        // t(0.995, 10) = 3.169272673 (published tables).
        Assert.Equal(3.169272673 * 0.02 * Math.Sqrt(1 + (1.0 / 3)), rate.NoiseBand, precision: 8);
        Assert.Equal(3, rate.BaselineRuns);
    }

    [Theory]
    [InlineData(1, 0.0, 0.0, RateVerdict.Same)]
    [InlineData(1, 5.0, double.PositiveInfinity, RateVerdict.Worse)]
    [InlineData(-1, 5.0, double.PositiveInfinity, RateVerdict.Better)]
    public void RateComparison_ZeroBaselineMean_UnchangedIsZeroAnyChangeIsInfinite(int worseSign, double current, double delta, RateVerdict expected)
    {
        var rate = RateComparison.Create(300, [0, 0], current, worseSign, tolerance: 0.05, PooledNoise.None, confidence: 0.99);

        Assert.Equal(delta, rate.RelativeDelta);
        Assert.Equal(expected, rate.Verdict);
    }

    [Fact]
    public void RateComparison_ChangeExactlyAtTheAllowedBand_IsSame()
    {
        var rate = RateComparison.Create(300, [100], current: 108, worseSign: 1, tolerance: 0.08, PooledNoise.None, confidence: 0.99);

        Assert.Equal(RateVerdict.Same, rate.Verdict);
    }
}
