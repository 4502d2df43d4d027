using System.Text.Json;
using Regression.Core.Settings;
using Regression.Simulation.Virtual;
using static Regression.Simulation.Tests.Virtual.SmallClusters;

namespace Regression.Simulation.Tests.Virtual;

public sealed class PairedVirtualTests
{
    // Light load for three replicas: the endpoint picker routes every request as without the transit,
    // so each latency is the same service time plus the transit. (From 5 req/s on, the states at a
    // request's tick lack the requests still in transit, some routes change, and the median may grow
    // by less than the transit.)
    private const double LightRate = 2;

    private static readonly TimeSpan Transit = new GatewaySettings().PairedTransit;

    [Fact]
    public void From_PairedSchedule_TakesTheGatewaysPairedTransitAsTheOverhead()
    {
        var settings = new SuiteSettings { Gateway = new GatewaySettings { PairedTransit = TimeSpan.FromMilliseconds(40) } };

        var options = VirtualClusterOptions.From(settings, RegressionCase.SingleWorkload);

        Assert.Equal(TimeSpan.FromMilliseconds(40), options.GatewayOverhead);
    }

    [Fact]
    public void From_NotPaired_HasNoOverhead()
    {
        var settings = new SuiteSettings { LoadGenerator = new LoadGeneratorSettings { PairedSchedule = false } };

        Assert.Equal(TimeSpan.Zero, VirtualClusterOptions.From(settings, RegressionCase.SingleWorkload).GatewayOverhead);
    }

    [Theory]
    [InlineData(nameof(SingleModel))]
    [InlineData(nameof(FourAdapters))]
    public void Run_PairedTransit_SameOptionsGiveTheIdenticalSweep(string cluster)
    {
        var options = Cluster(cluster) with { GatewayOverhead = Transit };

        var first = VirtualClusterRunner.Run(options, Prompts);
        var second = VirtualClusterRunner.Run(options, Prompts);

        Assert.Equal(JsonSerializer.Serialize(first.Result), JsonSerializer.Serialize(second.Result));
        Assert.Equal(first.Rates.Select(r => r.RoutedPerReplica), second.Rates.Select(r => r.RoutedPerReplica));
    }

    [Theory]
    [InlineData(nameof(SingleModel))]
    [InlineData(nameof(FourAdapters))]
    public void RunRate_EndpointPickerWithPairedTransit_MedianLatencyGrowsByAtLeastTheTransit(string cluster)
    {
        var plain = Cluster(cluster);
        var paired = plain with { GatewayOverhead = Transit };

        var withoutRun = VirtualClusterRunner.RunRate(plain, Prompts, LightRate, plain.StartTime);
        var withRun = VirtualClusterRunner.RunRate(paired, Prompts, LightRate, plain.StartTime);
        var (without, with) = (withoutRun.Result.Overall, withRun.Result.Overall);

        Assert.Equal(withoutRun.RoutedPerReplica, withRun.RoutedPerReplica);
        Assert.Equal(without.PromptsSucceeded, with.PromptsSucceeded);
        Assert.True(
            with.LatencyMs.Median >= without.LatencyMs.Median + Transit.TotalMilliseconds - 1e-6,
            $"median {with.LatencyMs.Median} ms with the transit, {without.LatencyMs.Median} ms without");
        Assert.Equal(without.TotalOutputTokens, with.TotalOutputTokens);
    }

    private static VirtualClusterOptions Cluster(string name) => name switch
    {
        nameof(SingleModel) => SingleModel,
        nameof(FourAdapters) => FourAdapters,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown cluster."),
    };
}
