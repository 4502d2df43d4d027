using Regression.Core.Analysis;

namespace Regression.Core.Tests.Analysis;

public sealed class NoiseBandTests
{
    [Fact]
    public void HalfWidth_BencherPublishedExample_GivesItsLowerLimit()
    {
        // Bencher's t-test threshold docs: one-sided boundary 0.977, n = 25, mean 100, sd 10 → lower limit 78.54.
        // A two-sided interval has that boundary at confidence 1 − 2 × (1 − 0.977) = 0.954.
        var halfWidth = NoiseBand.HalfWidth(standardDeviation: 10, runs: 25, confidence: 0.954);

        Assert.Equal(78.54, 100 - halfWidth, precision: 2);
    }

    [Fact]
    public void HalfWidth_TwoRuns_UsesTheStudentTQuantileWithOneDegreeOfFreedom()
    {
        // t(0.975, 1) = tan(π × 0.475) = 12.706204736174...
        var expected = Math.Tan(Math.PI * 0.475) * 2.0 * Math.Sqrt(1.5);

        Assert.Equal(expected, NoiseBand.HalfWidth(standardDeviation: 2.0, runs: 2, confidence: 0.95), precision: 9);
    }

    [Fact]
    public void HalfWidth_OneRun_IsZero()
    {
        Assert.Equal(0, NoiseBand.HalfWidth(standardDeviation: 5, runs: 1, confidence: 0.99));
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(1.0, double.PositiveInfinity)]
    public void Relative_ZeroMean_IsZeroWhenRunsAgreeElseInfinite(double standardDeviation, double expected)
    {
        Assert.Equal(expected, NoiseBand.Relative(mean: 0, standardDeviation, runs: 3, confidence: 0.99));
    }

    [Fact]
    public void Relative_NegativeMean_UsesItsMagnitude()
    {
        Assert.Equal(NoiseBand.HalfWidth(2, 4, 0.99) / 50, NoiseBand.Relative(mean: -50, standardDeviation: 2, runs: 4, confidence: 0.99), precision: 12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void HalfWidth_ConfidenceOutsideZeroToOne_Throws(double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoiseBand.HalfWidth(1, 3, confidence));
    }
}
