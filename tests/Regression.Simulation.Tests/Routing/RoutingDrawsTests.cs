using Regression.Core.Settings;
using Regression.LoadGeneration.Pairing;
using Regression.Simulation.Routing;
using static Regression.Simulation.Tests.Routing.Replicas;

namespace Regression.Simulation.Tests.Routing;

public sealed class RoutingDrawsTests
{
    private const int GatewaySeed = 1;
    private const int Keys = 400;

    // Four idle replicas: every filter keeps all of them, so the request's draw alone picks one.
    private static readonly ReplicaState[] Idle = [Replica("a"), Replica("b"), Replica("c"), Replica("d")];

    private static readonly long RunKey = ScheduleKeys.RunKey(7, 20);

    [Fact]
    public void EndpointPicker_SameRequestDraws_ChooseTheSameReplicaWhateverWasRoutedBefore()
    {
        var fresh = new EndpointPickerPolicy(new GatewaySettings(), new Random(1));
        var used = new EndpointPickerPolicy(new GatewaySettings(), new Random(2));
        for (var i = 0; i < 25; i++)
        {
            used.Choose(Idle, Base());
            used.Choose(Idle, Base() with { Draws = RoutingDraws.For(GatewaySeed, Key(Keys + i)) });
        }

        // The fresh policy routes in schedule order, the used one in reverse after other traffic.
        var inOrder = Enumerable.Range(0, Keys).Select(i => fresh.Choose(Idle, Keyed(i)).Replica?.Id).ToArray();
        var reversed = Enumerable.Range(0, Keys).Reverse().Select(i => used.Choose(Idle, Keyed(i)).Replica?.Id).Reverse().ToArray();

        Assert.Equal(inOrder, reversed);
    }

    [Fact]
    public void EndpointPicker_DifferentKeys_SpreadOverTheReplicas()
    {
        var policy = new EndpointPickerPolicy(new GatewaySettings(), new Random(1));

        var counts = Enumerable.Range(0, Keys).Select(i => policy.Choose(Idle, Keyed(i)).Replica!.Id).CountBy(id => id).ToDictionary();

        // 100 expected each; 60 is about four standard deviations below.
        Assert.Equal(Ids(Idle), counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 60, 140));
    }

    [Fact]
    public void EndpointPicker_AnotherGatewaySeed_ChangesSomeChoices()
    {
        var policy = new EndpointPickerPolicy(new GatewaySettings(), new Random(1));

        var changed = Enumerable.Range(0, Keys).Count(i =>
            policy.Choose(Idle, Keyed(i)).Replica?.Id != policy.Choose(Idle, Base() with { Draws = RoutingDraws.For(GatewaySeed + 1, Key(i)) }).Replica?.Id);

        Assert.InRange(changed, Keys / 2, Keys);
    }

    [Fact]
    public void LoraAffinity_SameRequestDraws_KeepTheSameGroupWhateverWasFilteredBefore()
    {
        // An even coin, so both groups come up often.
        ReplicaState[] replicas = [Replica("with-adapter", active: ["adapter-1"]), Replica("free-slot")];
        var fresh = new LoraAffinityFilter(affinityThreshold: 0.5, new Random(1));
        var used = new LoraAffinityFilter(affinityThreshold: 0.5, new Random(2));
        for (var i = 0; i < 25; i++)
        {
            used.Filter(replicas, Adapter("adapter-1"));
        }

        var inOrder = Enumerable.Range(0, Keys).Select(i => Ids(fresh.Filter(replicas, KeyedAdapter(i)))[0]).ToArray();
        var reversed = Enumerable.Range(0, Keys).Reverse().Select(i => Ids(used.Filter(replicas, KeyedAdapter(i)))[0]).Reverse().ToArray();

        Assert.Equal(inOrder, reversed);
        Assert.InRange(inOrder.Count(id => id == "with-adapter"), 160, 240);
    }

    [Fact]
    public void LoraAffinity_NoRequestDraws_UsesTheSharedStream()
    {
        // Without its own draws a request's group depends on the shared stream's position: the
        // same request filtered twice on one filter does not always land in the same group.
        ReplicaState[] replicas = [Replica("with-adapter", active: ["adapter-1"]), Replica("free-slot")];
        var filter = new LoraAffinityFilter(affinityThreshold: 0.5, new Random(1));

        var groups = Enumerable.Range(0, 50).Select(_ => Ids(filter.Filter(replicas, Adapter("adapter-1")))[0]).Distinct().Count();

        Assert.Equal(2, groups);
    }

    private static long Key(int index) => ScheduleKeys.RequestKey(RunKey, index);

    private static RoutingRequest Keyed(int index) => Base() with { Draws = RoutingDraws.For(GatewaySeed, Key(index)) };

    private static RoutingRequest KeyedAdapter(int index) => Adapter("adapter-1") with { Draws = RoutingDraws.For(GatewaySeed, Key(index)) };
}
