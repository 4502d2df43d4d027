using Regression.Cli.Commands.Detection;

namespace Regression.Cli.Tests.Detection;

public sealed class ProportionIntervalTests
{
    // Wilson score intervals at 95 % (z = 1.959964), worked by hand from the closed form.
    [Theory]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(19, 20, 0.7639, 0.9911)]
    public void Wilson_KnownCounts_GiveTheTextbookInterval(int successes, int trials, double low, double high)
    {
        var interval = ProportionInterval.Wilson(successes, trials);

        Assert.Equal(low, interval.Low, 4);
        Assert.Equal(high, interval.High, 4);
    }

    [Fact]
    public void Wilson_NoTrials_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(0, 0));
    }

    [Theory]
    [InlineData(0, 10, "not yet")]
    [InlineData(0, 400, "yes")]
    [InlineData(5, 10, "no")]
    public void Judge_FalseAlarmTarget_NeedsTheWholeIntervalUnderOnePercent(int flagged, int runs, string met)
    {
        var target = new DetectionTarget(0.01, AtMost: true);

        Assert.Equal(met, target.Judge(ProportionInterval.Wilson(flagged, runs)));
    }
}
