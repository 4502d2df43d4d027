using Regression.LoadGeneration.Pairing;

namespace Regression.LoadGeneration.Tests.Pairing;

public sealed class ScheduleKeysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(12_345)]
    [InlineData(int.MaxValue)]
    public void RequestKey_IndexOf_GivesTheIndexBack(int index)
    {
        var runKey = ScheduleKeys.RunKey(caseSeed: 7, rate: 20);

        var key = ScheduleKeys.RequestKey(runKey, index);

        Assert.Equal(index, ScheduleKeys.IndexOf(key));
        Assert.Equal(runKey, key >> 32);
        Assert.True(key > 0, $"key {key} should be positive");
    }

    [Fact]
    public void RunKey_SameSeedAndRate_IsTheSame()
    {
        Assert.Equal(ScheduleKeys.RunKey(3, 12.5), ScheduleKeys.RunKey(3, 12.5));
    }

    [Fact]
    public void RequestKey_AcrossIndexesRatesAndSeeds_IsUnique()
    {
        int[] seeds = [1, 2, 3, -4];
        double[] rates = [1, 2, 10, 10.5, 20, 300];
        const int requestsPerRate = 500;

        var keys = new HashSet<long>();
        foreach (var seed in seeds)
        {
            foreach (var rate in rates)
            {
                var runKey = ScheduleKeys.RunKey(seed, rate);
                for (var index = 0; index < requestsPerRate; index++)
                {
                    keys.Add(ScheduleKeys.RequestKey(runKey, index));
                }
            }
        }

        Assert.Equal(seeds.Length * rates.Length * requestsPerRate, keys.Count);
    }

    [Fact]
    public void RunKey_NeighbouringSeedsAndRates_Differ()
    {
        var runKeys = new[] { ScheduleKeys.RunKey(1, 10), ScheduleKeys.RunKey(2, 10), ScheduleKeys.RunKey(1, 11), ScheduleKeys.RunKey(2, 11) };

        Assert.Equal(runKeys.Length, runKeys.Distinct().Count());
        Assert.All(runKeys, k => Assert.True(k >= 0, $"run key {k} should not be negative"));
    }
}
