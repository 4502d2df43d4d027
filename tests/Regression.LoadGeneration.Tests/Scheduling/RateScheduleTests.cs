using Regression.LoadGeneration.Scheduling;

namespace Regression.LoadGeneration.Tests.Scheduling;

public sealed class RateScheduleTests
{
    private static readonly string[] Adapters = Enumerable.Range(0, 15).Select(i => $"adapter-{i}").ToArray();
    private static readonly double[] UpstreamSplit = [0.12, 0.12, 0.12, 0.12, 0.12, 0.06, 0.06, 0.06, 0.06, 0.06, 0.02, 0.02, 0.02, 0.02, 0.02];

    [Fact]
    public void Build_ModelFrequencies_FollowTheTrafficSplit()
    {
        const int requests = 40_000;
        var plan = new RatePlan { Rate = 200, RequestCount = requests, Models = Adapters, TrafficSplit = UpstreamSplit, Seed = 11 };

        var schedule = RateSchedule.Build(plan, promptCount: 100);

        for (var model = 0; model < Adapters.Length; model++)
        {
            var p = UpstreamSplit[model];
            var count = schedule.Requests.Count(r => r.ModelIndex == model);

            // Binomial: mean n·p, sd √(n·p·(1−p)); 5 sd keeps a false alarm below one in a million per model.
            var tolerance = 5 * Math.Sqrt(requests * p * (1 - p));
            Assert.InRange(count, (requests * p) - tolerance, (requests * p) + tolerance);
        }
    }

    [Fact]
    public void Build_NoSplit_IsUniform()
    {
        var plan = new RatePlan { Rate = 100, RequestCount = 30_000, Models = ["a", "b", "c"], Seed = 2 };

        var counts = RateSchedule.Build(plan, 10).Requests.GroupBy(r => r.ModelIndex).Select(g => g.Count()).ToList();

        Assert.Equal(3, counts.Count);
        Assert.All(counts, c => Assert.InRange(c, 10_000 - (5 * 81.6), 10_000 + (5 * 81.6)));
    }

    [Fact]
    public void Build_SameSeed_GivesTheSameScheduleAndAnotherSeedAnother()
    {
        var plan = new RatePlan { Rate = 50, RequestCount = 500, Models = Adapters, TrafficSplit = UpstreamSplit, Seed = 5 };

        var first = RateSchedule.Build(plan, 1000);
        var again = RateSchedule.Build(plan, 1000);
        var other = RateSchedule.Build(plan with { Seed = 6 }, 1000);

        Assert.Equal(first.Requests, again.Requests);
        Assert.Equal(first.SendPhaseEnd, again.SendPhaseEnd);
        Assert.NotEqual(first.Requests, other.Requests);
    }

    [Fact]
    public void Build_Requests_ArePoissonWithTheRequestedCount()
    {
        const double rate = 100;
        var plan = new RatePlan { Rate = rate, RequestCount = 20_000, Models = ["m"], Seed = 3 };

        var requests = RateSchedule.Build(plan, 50).Requests;
        var gaps = requests.Skip(1).Zip(requests, (next, previous) => (next.At - previous.At).TotalSeconds).ToList();

        Assert.Equal(20_000, requests.Count);
        Assert.Equal(TimeSpan.Zero, requests[0].At);
        Assert.All(gaps, g => Assert.True(g >= 0));

        // Exponential gaps: mean 1/rate and sd 1/rate; the mean of n has sd 1/(rate·√n).
        var tolerance = 5 / (rate * Math.Sqrt(gaps.Count));
        Assert.InRange(gaps.Average(), (1 / rate) - tolerance, (1 / rate) + tolerance);
        Assert.InRange(StandardDeviation(gaps) * rate, 0.95, 1.05);
    }

    [Fact]
    public void Build_ZeroWeightModel_IsNeverChosen()
    {
        var plan = new RatePlan { Rate = 10, RequestCount = 5000, Models = ["a", "never", "b"], TrafficSplit = [0.5, 0, 0.5] };

        Assert.DoesNotContain(RateSchedule.Build(plan, 10).Requests, r => r.ModelIndex == 1);
    }

    [Fact]
    public void Build_SplitOfTheWrongLength_IsRejectedNamingIt()
    {
        var plan = new RatePlan { Rate = 10, RequestCount = 5, Models = ["a", "b"], TrafficSplit = [1.0] };

        var error = Assert.Throws<ArgumentException>(() => RateSchedule.Build(plan, 10));

        Assert.Contains("TrafficSplit = [1]", error.Message, StringComparison.Ordinal);
    }

    private static double StandardDeviation(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
