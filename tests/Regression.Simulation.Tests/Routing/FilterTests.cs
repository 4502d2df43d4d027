using Regression.Simulation.Routing;
using static Regression.Simulation.Tests.Routing.Replicas;

namespace Regression.Simulation.Tests.Routing;

public sealed class FilterTests
{
    [Theory]
    [InlineData(Criticality.Standard)]
    [InlineData(Criticality.Sheddable)]
    public void SheddableCapacity_NonCriticalRequest_KeepsReplicasAtOrUnderBothThresholds(Criticality criticality)
    {
        var filter = new SheddableCapacityFilter(queueThreshold: 5, kvCacheThreshold: 0.8);
        ReplicaState[] replicas =
        [
            Replica("at-limits", waiting: 5, kvCache: 0.8),
            Replica("long-queue", waiting: 6, kvCache: 0.1),
            Replica("full-cache", waiting: 0, kvCache: 0.81),
            Replica("idle"),
        ];

        var kept = filter.Filter(replicas, Base(criticality));

        Assert.Equal(["at-limits", "idle"], Ids(kept));
    }

    [Fact]
    public void SheddableCapacity_CriticalRequest_KeepsEveryReplica()
    {
        var filter = new SheddableCapacityFilter(queueThreshold: 5, kvCacheThreshold: 0.8);
        ReplicaState[] replicas = [Replica("a", waiting: 50, kvCache: 0.99), Replica("b", waiting: 6)];

        Assert.Equal(["a", "b"], Ids(filter.Filter(replicas, Base(Criticality.Critical))));
    }

    [Fact]
    public void LowQueue_Threshold_IsInclusive()
    {
        var filter = new LowQueueFilter(queueingThreshold: 128);
        ReplicaState[] replicas = [Replica("a", waiting: 128), Replica("b", waiting: 129), Replica("c", waiting: 0)];

        Assert.Equal(["a", "c"], Ids(filter.Filter(replicas, Base())));
    }

    [Fact]
    public void LeastQueue_KeepsTheLowestNthOfTheRange()
    {
        // min 2, max 10, n = 4: keep waiting ≤ 2 + 8 / 4 = 4.
        ReplicaState[] replicas = [Replica("a", waiting: 2), Replica("b", waiting: 4), Replica("c", waiting: 5), Replica("d", waiting: 10)];

        Assert.Equal(["a", "b"], Ids(new LeastQueueFilter().Filter(replicas, Base())));
    }

    [Fact]
    public void LeastQueue_BandWidth_UsesIntegerDivisionAsTheEpp()
    {
        // min 0, max 5, n = 3: 5 / 3 = 1 in integers (1.67 in reals would also keep nothing more here, 2 would).
        ReplicaState[] replicas = [Replica("a", waiting: 0), Replica("b", waiting: 2), Replica("c", waiting: 5)];

        Assert.Equal(["a"], Ids(new LeastQueueFilter().Filter(replicas, Base())));
    }

    [Fact]
    public void LeastQueue_EqualQueues_KeepsAll()
    {
        ReplicaState[] replicas = [Replica("a", waiting: 3), Replica("b", waiting: 3)];

        Assert.Equal(["a", "b"], Ids(new LeastQueueFilter().Filter(replicas, Base())));
    }

    [Fact]
    public void LeastKvCache_KeepsTheLowestNthOfTheRange()
    {
        // min 0.2, max 0.7: n = 3 keeps usage ≤ 0.2 + 0.5 / 3 ≈ 0.367; n = 4 keeps usage ≤ 0.2 + 0.5 / 4 = 0.325.
        ReplicaState[] replicas = [Replica("a", kvCache: 0.7), Replica("b", kvCache: 0.2), Replica("c", kvCache: 0.3), Replica("d", kvCache: 0.32)];

        Assert.Equal(["b", "c"], Ids(new LeastKvCacheFilter().Filter(replicas[..3], Base())));
        Assert.Equal(["b", "c", "d"], Ids(new LeastKvCacheFilter().Filter(replicas, Base())));
    }

    [Fact]
    public void LeastFilters_NoCandidates_ReturnNone()
    {
        Assert.Empty(new LeastQueueFilter().Filter([], Base()));
        Assert.Empty(new LeastKvCacheFilter().Filter([], Base()));
    }

    [Fact]
    public void LoraAffinity_BothGroupsAndDrawBelowThreshold_PrefersReplicasWithTheAdapter()
    {
        var random = new ScriptedRandom(doubles: [0.998]);
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, random);
        ReplicaState[] replicas =
        [
            Replica("active", active: ["adapter-1"]),
            Replica("waiting", waitingAdapters: ["adapter-1"]),
            Replica("free-slot", active: ["adapter-2"]),
            Replica("full", active: ["adapter-2", "adapter-3", "adapter-4"]),
        ];

        Assert.Equal(["active", "waiting"], Ids(filter.Filter(replicas, Adapter("adapter-1"))));
        Assert.Equal(1, random.DoublesDrawn);
    }

    [Fact]
    public void LoraAffinity_BothGroupsAndDrawAtThreshold_SpreadsToAFreeSlot()
    {
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, new ScriptedRandom(doubles: [0.999]));
        ReplicaState[] replicas = [Replica("active", active: ["adapter-1"]), Replica("free-slot", active: ["adapter-2"])];

        Assert.Equal(["free-slot"], Ids(filter.Filter(replicas, Adapter("adapter-1"))));
    }

    [Fact]
    public void LoraAffinity_FreeSlot_CountsActiveAndWaitingAdaptersSeparately()
    {
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, new ScriptedRandom());
        ReplicaState[] replicas =
        [
            Replica("two-of-three", active: ["adapter-2"], waitingAdapters: ["adapter-3"]),
            Replica("three-of-three", active: ["adapter-2", "adapter-3"], waitingAdapters: ["adapter-3"]),
        ];

        Assert.Equal(["two-of-three"], Ids(filter.Filter(replicas, Adapter("adapter-1"))));
    }

    [Fact]
    public void LoraAffinity_OnlyOneGroup_ReturnsItWithoutDrawing()
    {
        var random = new ScriptedRandom();
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, random);
        ReplicaState[] replicas = [Replica("active", active: ["adapter-1"]), Replica("full", active: ["a", "b", "c"])];

        Assert.Equal(["active"], Ids(filter.Filter(replicas, Adapter("adapter-1"))));
        Assert.Equal(0, random.DoublesDrawn);
    }

    [Fact]
    public void LoraAffinity_NoAdapterAndNoFreeSlot_ReturnsNone()
    {
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, new ScriptedRandom());
        ReplicaState[] replicas = [Replica("full", active: ["a", "b", "c"]), Replica("no-lora", maxAdapters: 0)];

        Assert.Empty(filter.Filter(replicas, Adapter("adapter-1")));
    }

    [Fact]
    public void LoraAffinity_BaseModelRequest_KeepsEveryReplicaWithoutDrawing()
    {
        var random = new ScriptedRandom();
        var filter = new LoraAffinityFilter(affinityThreshold: 0.999, random);
        ReplicaState[] replicas = [Replica("full", active: ["a", "b", "c"]), Replica("active", active: ["a"])];

        Assert.Equal(["full", "active"], Ids(filter.Filter(replicas, Base())));
        Assert.Equal(0, random.DoublesDrawn);
    }

    [Fact]
    public void DecisionTree_CurrentKeepsSome_ContinuesWithThemOnSuccessBranch()
    {
        var tree = new DecisionTreeFilter(new LowQueueFilter(10), onSuccess: new LeastKvCacheFilter(), onFailure: new LeastQueueFilter());
        ReplicaState[] replicas = [Replica("a", waiting: 1, kvCache: 0.9), Replica("b", waiting: 2, kvCache: 0.1), Replica("c", waiting: 50, kvCache: 0)];

        Assert.Equal(["b"], Ids(tree.Filter(replicas, Base())));
    }

    [Fact]
    public void DecisionTree_CurrentKeepsNone_GivesTheOriginalCandidatesToFailureBranch()
    {
        var tree = new DecisionTreeFilter(new LowQueueFilter(10), onSuccess: new LeastKvCacheFilter(), onFailure: new LeastQueueFilter());
        ReplicaState[] replicas = [Replica("a", waiting: 40), Replica("b", waiting: 90)];

        Assert.Equal(["a"], Ids(tree.Filter(replicas, Base())));
    }

    [Fact]
    public void DecisionTree_NoFailureBranch_ReturnsNone()
    {
        var tree = new DecisionTreeFilter(new LowQueueFilter(10), onSuccess: new LeastQueueFilter());

        Assert.Empty(tree.Filter([Replica("a", waiting: 40)], Base()));
        Assert.Equal(FilterNames.LowQueue, tree.Name);
    }
}
