using Regression.Core.Analysis;

namespace Regression.Core.Tests.Analysis;

public sealed class NoiseBandTests
{
    [Fact]
    public void PredictionHalfWidth_BencherPublishedExample_GivesItsLowerLimit()
    {
        // Bencher's t-test threshold docs: one-sided boundary 0.977, n = 25, mean 100, sd 10 → lower limit 78.54.
        // A two-sided interval has that boundary at confidence 1 − 2 × (1 − 0.977) = 0.954.
        var halfWidth = NoiseBand.PredictionHalfWidth(standardDeviation: 10, degreesOfFreedom: 24, runs: 25, confidence: 0.954);

        Assert.Equal(78.54, 100 - halfWidth, precision: 2);
    }

    [Fact]
    public void PredictionHalfWidth_OneDegreeOfFreedom_UsesTheCauchyQuantile()
    {
        // t(0.975, 1) = tan(π × 0.475) = 12.706204736174...
        var expected = Math.Tan(Math.PI * 0.475) * 2.0 * Math.Sqrt(1.5);

        Assert.Equal(expected, NoiseBand.PredictionHalfWidth(standardDeviation: 2.0, degreesOfFreedom: 1, runs: 2, confidence: 0.95), precision: 9);
    }

    [Fact]
    public void PredictionHalfWidth_NoDegreesOfFreedom_IsZero()
    {
        Assert.Equal(0, NoiseBand.PredictionHalfWidth(standardDeviation: 5, degreesOfFreedom: 0, runs: 1, confidence: 0.99));
    }

    [Theory]
    [InlineData(2, 0.975, 4.302652729749464)]
    [InlineData(54, 0.995, 2.669984795735)]
    public void TwoSidedQuantile_MatchesPublishedTables(int degreesOfFreedom, double oneSided, double expected)
    {
        Assert.Equal(expected, NoiseBand.TwoSidedQuantile(degreesOfFreedom, confidence: 1 - (2 * (1 - oneSided))), precision: 6);
    }

    [Fact]
    public void PowerQuantile_IsTheOneSided95PercentQuantile()
    {
        // t(0.95, 10) = 1.812461123 (published tables).
        Assert.Equal(1.812461123, NoiseBand.PowerQuantile(10), precision: 6);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void TwoSidedQuantile_ConfidenceOutsideZeroToOne_Throws(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseBand.TwoSidedQuantile(3, confidence));
    }
}
