using Regression.Core.Analysis;

namespace Regression.Core.Tests.Analysis;

public sealed class PooledNoiseTests
{
    [Fact]
    public void From_HandExample_PoolsSquaredRelativeDeviationsOverTheRatesDegreesOfFreedom()
    {
        // 98/100/102: deviations ±2 % → Σe² = 0.0008 on 2 df; 190/210: ±5 % → 0.005 on 1 df;
        // one run adds no df; a zero mean has no relative scale and is left out.
        var noise = PooledNoise.From([[98, 100, 102], [190, 210], [50], [0, 0]]);

        Assert.Equal(3, noise.DegreesOfFreedom);
        Assert.Equal(Math.Sqrt(0.0058 / 3), noise.StandardDeviation!.Value, precision: 12);
    }

    [Fact]
    public void From_OneRunPerRate_HasNoEstimate()
    {
        var noise = PooledNoise.From([[100], [200]]);

        Assert.False(noise.IsKnown);
        Assert.Equal(0, noise.DegreesOfFreedom);
        Assert.Equal(0, noise.RateBand(runs: 1, confidence: 0.99));
    }

    [Fact]
    public void RateBand_IsTheStudentTPredictionHalfWidthOnThePooledDegreesOfFreedom()
    {
        var noise = new PooledNoise { StandardDeviation = 0.02, DegreesOfFreedom = 12 };

        // t(0.995, 12) = 3.054539589 (published tables).
        Assert.Equal(3.054539589 * 0.02 * Math.Sqrt(1 + (1.0 / 3)), noise.RateBand(runs: 3, confidence: 0.99), precision: 8);
    }
}
