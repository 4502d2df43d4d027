using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class LoraInfoSeriesTests
{
    private const double Now = 1.7e9;

    [Fact]
    public void Update_SameClockReading_StillMakesTheCurrentSeriesNewest()
    {
        var series = new LoraInfoSeries();
        series.Update(["adapter-0"], [], Now);

        var kept = series.Update(["adapter-1"], ["adapter-2"], Now);

        var newest = kept.MaxBy(s => s.SetAt);
        Assert.Equal("adapter-1", newest.Running);
        Assert.Equal("adapter-2", newest.Waiting);
        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void Update_KnownLabelSet_UpdatesItsSeriesInPlace()
    {
        var series = new LoraInfoSeries();
        series.Update(["adapter-0", "adapter-1"], [], Now);

        var kept = series.Update(["adapter-0", "adapter-1"], [], Now + 5);

        var only = Assert.Single(kept);
        Assert.Equal("adapter-0,adapter-1", only.Running);
        Assert.Equal(Now + 5, only.SetAt);
    }

    [Fact]
    public void Update_ManyLabelSets_KeepsOnlyTheNewest()
    {
        var series = new LoraInfoSeries();
        IReadOnlyList<LoraSeries> kept = [];

        for (var i = 0; i < LoraInfoSeries.MaxSeries + 5; i++)
        {
            kept = series.Update([$"adapter-{i}"], [], Now + i);
        }

        Assert.Equal(LoraInfoSeries.MaxSeries, kept.Count);
        Assert.DoesNotContain(kept, s => s.Running == "adapter-0");
        Assert.Contains(kept, s => s.Running == $"adapter-{LoraInfoSeries.MaxSeries + 4}");
    }
}
