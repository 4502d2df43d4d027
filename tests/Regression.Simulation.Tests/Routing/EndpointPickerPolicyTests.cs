using Regression.Core.Settings;
using Regression.Simulation.Routing;
using static Regression.Simulation.Tests.Routing.Replicas;

namespace Regression.Simulation.Tests.Routing;

public sealed class EndpointPickerPolicyTests
{
    private static readonly GatewaySettings Settings = new();

    [Fact]
    public void Choose_LowQueues_PrefersAdapterAffinityOverAShorterQueue()
    {
        // low-queue keeps all three; lora-affinity (draw 0.5 < 0.999) keeps the two with the adapter;
        // least-queue keeps waiting ≤ 1 + (3 − 1) / 2 = 2, i.e. "c"; the replica without the adapter
        // loses despite its empty queue.
        var random = new ScriptedRandom(doubles: [0.5], indices: [0]);
        var policy = new EndpointPickerPolicy(Settings, random);
        ReplicaState[] replicas =
        [
            Replica("a", waiting: 3, active: ["adapter-1"]),
            Replica("b", waiting: 0),
            Replica("c", waiting: 1, active: ["adapter-1"]),
        ];

        var decision = policy.Choose(replicas, Adapter("adapter-1"));

        Assert.Equal(RoutingOutcome.Routed, decision.Outcome);
        Assert.Equal("c", decision.Replica?.Id);
    }

    [Fact]
    public void Choose_AllQueuesOverLoraThreshold_PrefersTheShortQueueOverAffinity()
    {
        // low-queue keeps nobody (all > 128), so least-queue runs first on all three:
        // waiting ≤ 130 + (300 − 130) / 3 = 186 keeps only "b", which has no adapter but a free slot.
        var random = new ScriptedRandom(indices: [0]);
        var policy = new EndpointPickerPolicy(Settings, random);
        ReplicaState[] replicas =
        [
            Replica("a", waiting: 200, active: ["adapter-1"]),
            Replica("b", waiting: 130),
            Replica("c", waiting: 300, active: ["adapter-1"]),
        ];

        var decision = policy.Choose(replicas, Adapter("adapter-1"));

        Assert.Equal("b", decision.Replica?.Id);
        Assert.Equal(0, random.DoublesDrawn);
    }

    [Theory]
    [InlineData(0.9989, "with-adapter")]
    [InlineData(0.999, "free-slot")]
    [InlineData(0.9995, "free-slot")]
    public void Choose_AffinityDraw_DecidesBetweenAdapterAndFreeSlot(double draw, string expected)
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom(doubles: [draw], indices: [0]));
        ReplicaState[] replicas = [Replica("with-adapter", active: ["adapter-7"]), Replica("free-slot")];

        Assert.Equal(expected, policy.Choose(replicas, Adapter("adapter-7")).Replica?.Id);
    }

    [Fact]
    public void Choose_EqualQueues_BreaksTheTieOnKvCache()
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom(indices: [0]));
        ReplicaState[] replicas = [Replica("busy-cache", waiting: 2, kvCache: 0.7), Replica("light-cache", waiting: 2, kvCache: 0.2)];

        Assert.Equal("light-cache", policy.Choose(replicas, Base()).Replica?.Id);
    }

    [Fact]
    public void Choose_FullTie_PicksAtRandomAmongTheRemaining()
    {
        var random = new ScriptedRandom(indices: [1, 0]);
        var policy = new EndpointPickerPolicy(Settings, random);
        ReplicaState[] replicas = [Replica("a", waiting: 2, kvCache: 0.3), Replica("b", waiting: 2, kvCache: 0.3)];

        Assert.Equal("b", policy.Choose(replicas, Base()).Replica?.Id);
        Assert.Equal("a", policy.Choose(replicas, Base()).Replica?.Id);
        Assert.Equal(2, random.IndicesDrawn);
    }

    [Theory]
    [InlineData(Criticality.Sheddable)]
    [InlineData(Criticality.Standard)]
    public void Choose_NonCriticalAndEveryReplicaOverThresholds_ShedsAndSaysWhy(Criticality criticality)
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom());
        ReplicaState[] replicas = [Replica("long-queue", waiting: 6), Replica("full-cache", kvCache: 0.85)];

        var decision = policy.Choose(replicas, Base(criticality));

        Assert.Equal(RoutingOutcome.Shed, decision.Outcome);
        Assert.Null(decision.Replica);
        Assert.Contains("shed", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("5 waiting requests", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_CriticalAndEveryReplicaOverThresholds_IsStillRouted()
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom(indices: [0]));
        ReplicaState[] replicas = [Replica("long-queue", waiting: 6), Replica("full-cache", kvCache: 0.85)];

        var decision = policy.Choose(replicas, Base(Criticality.Critical));

        Assert.Equal(RoutingOutcome.Routed, decision.Outcome);
        Assert.Equal("full-cache", decision.Replica?.Id);
    }

    [Fact]
    public void Choose_SheddableWithOneReplicaUnderThresholds_GoesThere()
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom(indices: [0]));
        ReplicaState[] replicas = [Replica("long-queue", waiting: 6), Replica("ok", waiting: 5, kvCache: 0.8), Replica("full-cache", kvCache: 0.85)];

        Assert.Equal("ok", policy.Choose(replicas, Base(Criticality.Sheddable)).Replica?.Id);
    }

    [Fact]
    public void Choose_UnhealthyReplicas_AreNeverChosen()
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom(indices: [0]));
        ReplicaState[] replicas = [Replica("idle-but-down", waiting: 0, healthy: false), Replica("busy", waiting: 90)];

        Assert.Equal("busy", policy.Choose(replicas, Base()).Replica?.Id);
    }

    [Fact]
    public void Choose_NoHealthyReplica_SaysSo()
    {
        var policy = new EndpointPickerPolicy(Settings, new ScriptedRandom());

        var decision = policy.Choose([Replica("a", healthy: false)], Base(Criticality.Sheddable));

        Assert.Equal(RoutingOutcome.NoHealthyReplica, decision.Outcome);
        Assert.Contains("1 replicas", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_ThresholdsFromSettings_AreUsed()
    {
        var settings = new GatewaySettings { QueueThresholdCritical = 10 };
        var policy = new EndpointPickerPolicy(settings, new ScriptedRandom(indices: [0]));

        Assert.Equal(RoutingOutcome.Routed, policy.Choose([Replica("a", waiting: 8)], Base(Criticality.Sheddable)).Outcome);
    }

    [Fact]
    public void Choose_SameSeed_GivesTheSameSequence()
    {
        ReplicaState[] replicas = Enumerable.Range(0, 6).Select(i => Replica($"r{i}", waiting: i % 2)).ToArray();
        string?[] Run()
        {
            var policy = new EndpointPickerPolicy(Settings, new Random(42));
            return Enumerable.Range(0, 20).Select(_ => policy.Choose(replicas, Base()).Replica?.Id).ToArray();
        }

        var first = Run();

        Assert.Equal(first, Run());
        Assert.True(first.Distinct().Count() > 1, "a seeded pick among three equal replicas should not always land on one");
    }
}
