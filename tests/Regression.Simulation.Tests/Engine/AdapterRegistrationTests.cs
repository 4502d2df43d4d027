using Regression.Simulation.Engine;
using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class AdapterRegistrationTests
{
    [Fact]
    public void RegisterAdapter_NewName_IsServed()
    {
        var replica = new TestReplica();

        Assert.Equal(AdapterChange.Registered, replica.Engine.RegisterAdapter("adapter-0"));

        Assert.Equal([BaseModel, "adapter-0"], replica.Engine.ServedModels);
        Assert.True(replica.Submit(1, 10, 1, model: "adapter-0").IsAccepted);
    }

    [Fact]
    public void RegisterAdapter_TwiceOrBaseModelOrEmpty_Refused()
    {
        var replica = new TestReplica();
        replica.RegisterAdapters("adapter-0");

        Assert.Equal(AdapterChange.AlreadyRegistered, replica.Engine.RegisterAdapter("adapter-0"));
        Assert.Equal(AdapterChange.InvalidName, replica.Engine.RegisterAdapter(BaseModel));
        Assert.Equal(AdapterChange.InvalidName, replica.Engine.RegisterAdapter(" "));
    }

    [Fact]
    public void UnregisterAdapter_UnknownOrBaseModel_Refused()
    {
        var replica = new TestReplica();

        Assert.Equal(AdapterChange.NotFound, replica.Engine.UnregisterAdapter("adapter-9"));
        Assert.Equal(AdapterChange.InvalidName, replica.Engine.UnregisterAdapter(BaseModel));
    }

    [Fact]
    public void UnregisterAdapter_WithARequestInFlight_RefusesNewRequestsButFinishesAccepted()
    {
        var replica = new TestReplica();
        replica.RegisterAdapters("adapter-0");
        replica.Submit(1, 10, 5, model: "adapter-0");
        replica.Engine.AdvanceTo(0);

        Assert.Equal(AdapterChange.Unregistered, replica.Engine.UnregisterAdapter("adapter-0"));
        var refused = replica.Submit(2, 10, 5, model: "adapter-0");
        replica.RunUntilIdle();

        Assert.Equal(SubmitOutcome.UnknownModel, refused.Outcome);
        Assert.Equal(5, replica.Completion(1).OutputTokens);
        Assert.Equal([BaseModel], replica.Engine.ServedModels);
        Assert.Empty(replica.Engine.Snapshot().RunningAdapters);
    }

    [Fact]
    public void RegisterAdapter_AfterUnregister_IsServedAgain()
    {
        var replica = new TestReplica();
        replica.RegisterAdapters("adapter-0");
        replica.Engine.UnregisterAdapter("adapter-0");

        Assert.Equal(AdapterChange.Registered, replica.Engine.RegisterAdapter("adapter-0"));
        Assert.True(replica.Submit(1, 10, 1, model: "adapter-0").IsAccepted);
    }

    [Fact]
    public void UnregisterAdapter_WithWaitingRequests_TheyStillComplete()
    {
        var replica = new TestReplica(maxLoras: 1);
        replica.RegisterAdapters("adapter-0", "adapter-1");
        replica.Submit(1, 10, 5, model: "adapter-0");
        replica.Submit(2, 10, 5, model: "adapter-1");
        replica.Engine.AdvanceTo(0);

        replica.Engine.UnregisterAdapter("adapter-1");
        replica.RunUntilIdle();

        Assert.Equal(replica.Completion(1).CompletedAt, replica.Completion(2).ScheduledAt, TimePrecision);
        Assert.Equal(5, replica.Completion(2).OutputTokens);
    }
}
