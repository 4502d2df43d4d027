using Regression.Simulation.Engine;
using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class ArrivalTimeTests
{
    private const double Overhead = 0.005;

    // One request at a time, so the order in which requests reach the scheduler decides which runs first.
    private static readonly Regression.Core.Settings.SimulatorSettings OneAtATime = FixedStep with { RequestOverheadMilliseconds = Overhead * 1000, MaxNumSeqs = 1 };

    [Fact]
    public void Submit_ArrivalStillAheadOfNowAfterTheOverhead_QueuesAtArrivalPlusOverhead()
    {
        var replica = new TestReplica(OneAtATime);

        Assert.True(replica.Engine.Submit(Request(1), now: 0.100, arrivedAt: 0.098).IsAccepted);
        replica.RunUntilIdle();

        var completion = replica.Completion(1);
        Assert.Equal(0.098, completion.SubmittedAt, TimePrecision);
        Assert.Equal(0.103, completion.QueuedAt, TimePrecision);
        Assert.Equal(0.103, completion.ScheduledAt, TimePrecision);
    }

    [Fact]
    public void Submit_ArrivalPlusOverheadAlreadyPast_QueuesAtNow()
    {
        var replica = new TestReplica(OneAtATime);

        replica.Engine.Submit(Request(1), now: 0.100, arrivedAt: 0.090);
        replica.RunUntilIdle();

        var completion = replica.Completion(1);
        Assert.Equal(0.090, completion.SubmittedAt, TimePrecision);
        Assert.Equal(0.100, completion.QueuedAt, TimePrecision);
    }

    [Fact]
    public void Submit_OutOfArrivalOrder_ReachesTheSchedulerInArrivalOrder()
    {
        var replica = new TestReplica(OneAtATime);

        replica.Engine.Submit(Request(2), now: 0.010, arrivedAt: 0.050);
        replica.Engine.Submit(Request(1), now: 0.020, arrivedAt: 0.030);
        replica.RunUntilIdle();

        var first = replica.Completion(1);
        var second = replica.Completion(2);
        Assert.Equal([1L, 2L], replica.Events.Completions.Select(c => c.RequestId));
        Assert.Equal(0.035, first.QueuedAt, TimePrecision);
        Assert.Equal(0.035, first.ScheduledAt, TimePrecision);
        Assert.Equal(0.055, second.QueuedAt, TimePrecision);
        Assert.True(second.ScheduledAt >= first.CompletedAt, $"request 2 started at {second.ScheduledAt}, before request 1 ended at {first.CompletedAt}");
    }

    [Fact]
    public void Submit_SameQueueTime_LowerIdReachesTheSchedulerFirst()
    {
        var replica = new TestReplica(OneAtATime);

        replica.Engine.Submit(Request(9), now: 0.010, arrivedAt: 0.030);
        replica.Engine.Submit(Request(4), now: 0.010, arrivedAt: 0.030);
        replica.Engine.Submit(Request(6), now: 0.012, arrivedAt: 0.030);
        replica.RunUntilIdle();

        Assert.Equal([4L, 6L, 9L], replica.Events.Completions.Select(c => c.RequestId));
        Assert.All(replica.Events.Completions, c => Assert.Equal(0.035, c.QueuedAt, TimePrecision));
    }

    [Fact]
    public void Submit_LateArrivalBehindAnEarlierOneStillInTheApiServer_QueuesAtNowBehindIt()
    {
        // Request 1 reaches the scheduler at 0.035; request 2 is stamped earlier but only arrives at
        // 0.040, after its own queue time had passed, so it queues at 0.040, behind request 1.
        var replica = new TestReplica(OneAtATime);

        replica.Engine.Submit(Request(1), now: 0.010, arrivedAt: 0.030);
        replica.Engine.AdvanceTo(0.032);
        replica.Engine.Submit(Request(2), now: 0.040, arrivedAt: 0.020);
        replica.RunUntilIdle();

        Assert.Equal([1L, 2L], replica.Events.Completions.Select(c => c.RequestId));
        Assert.Equal(0.040, replica.Completion(2).QueuedAt, TimePrecision);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Submit_ArrivalNotFinite_Throws(double arrivedAt)
    {
        var replica = new TestReplica(OneAtATime);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => replica.Engine.Submit(Request(1), 0, arrivedAt));

        Assert.Equal("arrivedAt", error.ParamName);
    }

    private static EngineRequest Request(long id) => new(id, BaseModel, PromptTokens: 10, MaxTokens: 3, IgnoreEos: true);
}
