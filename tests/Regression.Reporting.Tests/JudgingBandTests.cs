using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Reporting.Tests;

/// <summary>The band drawn is the band judged: baseline mean × (1 ± the rate's allowed change).</summary>
public sealed class JudgingBandTests
{
    private static readonly double[] Rates = [10, 20, 30];

    private static readonly double[] BaselineFactors = [0.99, 1.0, 1.01];

    [Fact]
    public void Of_EveryRate_EdgesAreTheMeanPlusAndMinusItsAllowedChange()
    {
        var metric = Compare().For(CoreMetric.P90Latency);

        var bands = JudgingBand.Of(metric);

        Assert.Equal(Rates, bands.Select(b => b.RequestRate));
        Assert.All(metric.Rates.Zip(bands), pair =>
        {
            var (rate, band) = pair;
            Assert.True(rate.Allowed > 0, "the rate allows some change");
            Assert.Equal(rate.BaselineMean, band.Mean);
            Assert.Equal(rate.BaselineMean * (1 - rate.Allowed), band.Lower, 9);
            Assert.Equal(rate.BaselineMean * (1 + rate.Allowed), band.Upper, 9);
        });
    }

    [Fact]
    public void Of_LatencyRiseIsWorse_WorseEdgeIsTheUpperOne()
    {
        Assert.All(JudgingBand.Of(Compare().For(CoreMetric.P90Latency)), b => Assert.Equal(b.Upper, b.WorseEdge));
    }

    [Fact]
    public void Of_ThroughputDropIsWorse_WorseEdgeIsTheLowerOne()
    {
        Assert.All(JudgingBand.Of(Compare().For(CoreMetric.OutputTokensPerMinute)), b => Assert.Equal(b.Lower, b.WorseEdge));
    }

    [Fact]
    public void Of_CurrentInsideTheBand_RateIsSameOutsideTheWorseEdge_Worse()
    {
        var metric = Compare().For(CoreMetric.P90Latency);

        Assert.All(metric.Rates.Zip(JudgingBand.Of(metric)), pair =>
        {
            var (rate, band) = pair;
            var inside = rate.Current >= band.Lower && rate.Current <= band.Upper;
            Assert.Equal(inside ? RateVerdict.Same : RateVerdict.Worse, rate.Verdict);
        });
        Assert.Contains(metric.Rates, r => r.Verdict == RateVerdict.Worse);
    }

    [Fact]
    public void Of_NegativeMean_LowerStaysBelowUpper()
    {
        var rate = Compare(baselineLatency: -100).For(CoreMetric.P90Latency).Rates[0];

        var band = JudgingBand.Of(rate, worseSign: 1);

        Assert.True(band.Lower < band.Mean && band.Mean < band.Upper, $"{band.Lower} < {band.Mean} < {band.Upper}");
    }

    // Three baseline runs 1 % apart; the current run's latency is 3 % up at 10 req/s and 30 % up at 30 req/s.
    private static SweepComparison Compare(double baselineLatency = 1000)
    {
        SweepValues Run(string label, Func<double, double> latency) => new(
            label,
            Rates.Select(r => new RateValues(r, CoreMetricValues.Create(m => m == CoreMetric.P90Latency ? latency(r) : r * 100))).ToArray());

        var baseline = BaselineFactors.Select((f, i) => Run($"baseline-{i}", _ => baselineLatency * f)).ToArray();
        var current = Run("current", r => baselineLatency * (r switch { 10 => 1.03, 30 => 1.30, _ => 1.0 }));
        return SweepComparer.Compare(baseline, current, new AnalysisSettings());
    }
}
