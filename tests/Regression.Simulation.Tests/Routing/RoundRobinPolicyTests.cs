using Regression.Core.Settings;
using Regression.Simulation.Routing;
using static Regression.Simulation.Tests.Routing.Replicas;

namespace Regression.Simulation.Tests.Routing;

public sealed class RoundRobinPolicyTests
{
    [Fact]
    public void Choose_Repeatedly_RotatesInCandidateOrderIgnoringLoad()
    {
        var policy = new RoundRobinPolicy();
        ReplicaState[] replicas = [Replica("a", waiting: 100), Replica("b"), Replica("c", kvCache: 0.99)];

        var chosen = Enumerable.Range(0, 7).Select(_ => policy.Choose(replicas, Base(Criticality.Sheddable)).Replica?.Id);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a"], chosen);
    }

    [Fact]
    public void Choose_UnhealthyReplica_IsSkipped()
    {
        var policy = new RoundRobinPolicy();
        ReplicaState[] replicas = [Replica("a"), Replica("down", healthy: false), Replica("c")];

        var chosen = Enumerable.Range(0, 4).Select(_ => policy.Choose(replicas, Base()).Replica?.Id);

        Assert.Equal(["a", "c", "a", "c"], chosen);
    }

    [Fact]
    public void Choose_NoHealthyReplica_SaysSo()
    {
        Assert.Equal(RoutingOutcome.NoHealthyReplica, new RoundRobinPolicy().Choose([Replica("a", healthy: false)], Base()).Outcome);
    }

    [Theory]
    [InlineData(RoutingPolicyKind.EndpointPicker, typeof(EndpointPickerPolicy))]
    [InlineData(RoutingPolicyKind.RoundRobin, typeof(RoundRobinPolicy))]
    public void Factory_PolicyKind_CreatesThatPolicy(RoutingPolicyKind kind, Type expected)
    {
        var policy = RoutingPolicyFactory.Create(new GatewaySettings { Policy = kind });

        Assert.IsType(expected, policy);
        Assert.Equal(kind.ToString(), policy.Name);
    }

    [Fact]
    public void Factory_UndefinedPolicy_NamesTheKey()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RoutingPolicyFactory.Create(new GatewaySettings { Policy = (RoutingPolicyKind)7 }));

        Assert.Contains("Gateway:Policy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Criticalities_ListedModels_GetTheirCriticalityAndOthersAreCritical()
    {
        var criticalities = new ModelCriticalities(new GatewaySettings { StandardModels = ["food-review"], SheddableModels = ["adapter-14"] });

        Assert.Equal(Criticality.Standard, criticalities.Of("food-review"));
        Assert.Equal(Criticality.Sheddable, criticalities.RequestFor("adapter-14").Criticality);
        Assert.Equal(Criticality.Critical, criticalities.Of("adapter-0"));
    }
}
