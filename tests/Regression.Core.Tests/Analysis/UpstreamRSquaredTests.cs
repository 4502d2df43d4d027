using Regression.Core.Analysis;

namespace Regression.Core.Tests.Analysis;

public sealed class UpstreamRSquaredTests
{
    // Expected values computed with scikit-learn 1.2.1: r2_score(y_true=before, y_pred=after).
    public static TheoryData<double[], double[], double> SklearnCases => new()
    {
        { [90000, 93000, 96000, 99000, 102000, 105000], Times([90000, 93000, 96000, 99000, 102000, 105000], 0.98), 0.8547428571428571 },
        { [20.0, 20.3, 20.6, 21.0, 21.2, 21.5], Times([20.0, 20.3, 20.6, 21.0, 21.2, 21.5], 1.05), -3.012097107438027 },
        { [1.2e6, 1.25e6, 1.3e6, 1.31e6, 1.315e6, 1.32e6], [1.19e6, 1.26e6, 1.28e6, 1.33e6, 1.30e6, 1.33e6], 0.8836443468715697 },
        { [5, 5, 5], [5, 5.1, 5], 0.0 },
        { [1, 2], [2, 1], -3.0 },
    };

    [Theory]
    [MemberData(nameof(SklearnCases))]
    public void Compute_SklearnReferenceValues_MatchToTwelveDigits(double[] before, double[] after, double expected)
    {
        var r2 = UpstreamRSquared.Compute(before, after);

        Assert.True(r2.IsComputable, r2.NotComputableReason);
        Assert.Equal(before.Length, r2.Points);
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(expected));
        Assert.InRange(r2.Value!.Value, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Compute_ConstantBeforeMatchedExactly_IsOne()
    {
        Assert.Equal(1.0, UpstreamRSquared.Compute([5, 5, 5], [5, 5, 5]).Value);
    }

    [Theory]
    [InlineData(new double[0], new double[0], "0 common request rates; R² needs at least 2")]
    [InlineData(new[] { 300.0 }, new[] { 301.0 }, "1 common request rate; R² needs at least 2")]
    [InlineData(new[] { 1.0, double.NaN, 3.0 }, new[] { 1.0, 2.0, double.NaN }, "1 common request rate after dropping 2 with a NaN; R² needs at least 2")]
    [InlineData(new[] { 0.0, 0.0, 0.0 }, new[] { 1.0, 2.0, 3.0 }, "every 'before' value is 0 (the notebook's guard)")]
    [InlineData(new[] { 1.0, double.PositiveInfinity }, new[] { 1.0, 2.0 }, "a value is infinite (scikit-learn refuses non-finite input)")]
    public void Compute_Guards_NotComputableWithReason(double[] before, double[] after, string reason)
    {
        var r2 = UpstreamRSquared.Compute(before, after);

        Assert.False(r2.IsComputable);
        Assert.Null(r2.Value);
        Assert.Equal(reason, r2.NotComputableReason);
        Assert.Equal("n/a", r2.ToString());
    }

    [Fact]
    public void Compute_NaNPairs_AreDroppedAsTheNotebookDoes()
    {
        var withNaN = UpstreamRSquared.Compute([1, 2, double.NaN, 4, 5], [1.1, 2.1, 3, double.NaN, 4.8]);
        var without = UpstreamRSquared.Compute([1, 2, 5], [1.1, 2.1, 4.8]);

        Assert.Equal(3, withNaN.Points);
        Assert.Equal(without.Value, withNaN.Value);
    }

    [Fact]
    public void Compute_DifferentLengths_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => UpstreamRSquared.Compute([1, 2], [1]));

        Assert.Contains("'before' has 2 values, 'after' has 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OverCommonRates_OneSidedRatesAndOrder_PairsOnlyCommonRatesByRate()
    {
        RatePoint[] before = [new(350, 6), new(300, 1), new(310, 2), new(320, 4)];
        RatePoint[] after = [new(310, 2.5), new(300.0000000001, 1.2), new(360, 100), new(350, 5.5)];

        var r2 = UpstreamRSquared.OverCommonRates(before, after);

        Assert.Equal(3, r2.Points);
        Assert.Equal(UpstreamRSquared.Compute([1, 2, 6], [1.2, 2.5, 5.5]).Value, r2.Value);
    }

    [Fact]
    public void OverCommonRates_DuplicateRate_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => UpstreamRSquared.OverCommonRates([new(300, 1), new(300, 2)], [new(300, 1)]));

        Assert.Contains("lists request rate 300 twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Computable_PrintsFourDecimalsLikeTheNotebook()
    {
        Assert.Equal("0.8547", RSquared.Of(0.8547428571428571, 6).ToString());
        Assert.Equal("-3.0121", RSquared.Of(-3.012097107438027, 6).ToString());
    }

    private static double[] Times(double[] values, double factor) => values.Select(v => v * factor).ToArray();
}
