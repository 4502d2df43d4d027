using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class AbortTests
{
    private const int Prompt = 100;

    [Fact]
    public void Abort_WaitingRequest_LeavesTheQueueAtOnceAndNeverRuns()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 1 });
        replica.Submit(1, Prompt, maxTokens: 10);
        replica.Submit(2, Prompt, maxTokens: 10);
        replica.Engine.AdvanceTo(0);
        var kvBefore = replica.Engine.Snapshot().KvCacheUsedTokens;

        Assert.True(replica.Engine.Abort(2, Step / 2));

        var after = replica.Engine.Snapshot();
        Assert.Equal(1, after.Running);
        Assert.Equal(0, after.Waiting);
        Assert.Equal(kvBefore, after.KvCacheUsedTokens);
        Assert.Equal(1, after.Counters.RequestsAborted);
        replica.RunUntilIdle();
        Assert.Equal(1, Assert.Single(replica.Events.Completions).RequestId);
        Assert.DoesNotContain(replica.Events.FirstTokens, token => token.RequestId == 2);
        Assert.Equal(10 * Step, replica.Completion(1).CompletedAt, TimePrecision);
        var end = replica.Engine.Snapshot();
        Assert.Equal(1, end.Counters.RequestsFinishedByLength);
        Assert.Equal(1, end.Counters.RequestsAborted);
        Assert.Equal(1, end.Histograms.EndToEndLatency.Count);
    }

    [Fact]
    public void Abort_RunningRequestMidStep_LeavesTheBatchAndFreesItsKvCacheAtOnce()
    {
        var replica = new TestReplica();
        replica.Submit(1, Prompt, maxTokens: 50, stream: true);
        replica.Submit(2, Prompt, maxTokens: 50, stream: true);
        replica.Engine.AdvanceTo(3.5 * Step);
        var busy = replica.Engine.Snapshot();
        Assert.Equal(2, busy.Running);

        Assert.True(replica.Engine.Abort(1, 3.5 * Step));

        var after = replica.Engine.Snapshot();
        Assert.Equal(1, after.Running);
        Assert.Equal(0, after.Waiting);
        Assert.Equal(busy.KvCacheUsedTokens / 2, after.KvCacheUsedTokens);
        Assert.Equal(1, after.Counters.RequestsAborted);
        Assert.Equal(0, after.Counters.RequestsFinished);
        replica.RunUntilIdle();
        var completion = Assert.Single(replica.Events.Completions);
        Assert.Equal(2, completion.RequestId);
        Assert.Equal(50, completion.OutputTokens);
        Assert.Equal(50 * Step, completion.CompletedAt, TimePrecision);
        Assert.All(replica.Events.Tokens.Where(t => t.RequestId == 1), token => Assert.True(token.Time < 3.5 * Step));
        var end = replica.Engine.Snapshot();
        Assert.Equal(0, end.Running);
        Assert.Equal(0, end.KvCacheUsedTokens);
        Assert.Equal(1, end.Counters.RequestsFinishedByLength);
        Assert.Equal(0, end.Counters.RequestsFinishedByStop);
        Assert.Equal(1, end.Counters.RequestsAborted);
        Assert.Equal(1, end.Histograms.EndToEndLatency.Count);
    }

    [Fact]
    public void Abort_OnlyRunningRequest_StepInFlightEndsAndTheReplicaGoesIdle()
    {
        var replica = new TestReplica();
        replica.Submit(1, Prompt, maxTokens: 50);
        replica.Engine.AdvanceTo(2.5 * Step);

        Assert.True(replica.Engine.Abort(1, 2.5 * Step));

        Assert.Equal(3 * Step, replica.Engine.NextEventTime, TimePrecision);
        replica.RunUntilIdle();
        Assert.Empty(replica.Events.Completions);
        Assert.Equal(double.PositiveInfinity, replica.Engine.NextEventTime);
        Assert.Equal(3, replica.Engine.Snapshot().Counters.Steps);
        Assert.Equal(0, replica.Engine.KvCacheUsage);
    }

    [Fact]
    public void Abort_RequestStillInTheApiServer_NeverReachesTheQueue()
    {
        var replica = new TestReplica(FixedStep with { RequestOverheadMilliseconds = 20 });
        replica.Submit(1, Prompt, maxTokens: 5);

        Assert.True(replica.Engine.Abort(1, 0.010));

        Assert.Equal(double.PositiveInfinity, replica.Engine.NextEventTime);
        replica.Engine.AdvanceTo(1);
        Assert.Empty(replica.Events.FirstTokens);
        Assert.Equal(0, replica.Engine.Snapshot().Counters.Steps);
    }

    [Fact]
    public void Abort_RunningAdapterRequest_GivesItsLoraSlotToAWaitingAdapter()
    {
        var replica = new TestReplica(maxLoras: 1);
        replica.RegisterAdapters("adapter-0", "adapter-1");
        replica.Submit(1, Prompt, maxTokens: 50, model: "adapter-0");
        replica.Submit(2, Prompt, maxTokens: 50, model: "adapter-1");
        replica.Engine.AdvanceTo(0);
        Assert.Equal(["adapter-1"], replica.Engine.Snapshot().WaitingAdapters);

        Assert.True(replica.Engine.Abort(1, Step / 2));

        Assert.Empty(replica.Engine.Snapshot().RunningAdapters);
        replica.Engine.AdvanceTo(Step);
        var snapshot = replica.Engine.Snapshot();
        Assert.Equal(["adapter-1"], snapshot.RunningAdapters);
        Assert.Empty(snapshot.WaitingAdapters);
        replica.RunUntilIdle();
        Assert.Equal(Step, replica.Completion(2).ScheduledAt, TimePrecision);
    }

    [Fact]
    public void Abort_FinishedOrUnknownRequest_ReturnsFalseAndCountsNothing()
    {
        var replica = new TestReplica();
        replica.Submit(1, Prompt, maxTokens: 2);
        replica.RunUntilIdle();

        Assert.False(replica.Engine.Abort(1, 1));
        Assert.False(replica.Engine.Abort(99, 1));

        var counters = replica.Engine.Snapshot().Counters;
        Assert.Equal(0, counters.RequestsAborted);
        Assert.Equal(1, counters.RequestsFinished);
    }

    [Fact]
    public void Abort_ARequestThatFinishesBeforeTheAbortTime_IsNotAborted()
    {
        var replica = new TestReplica();
        replica.Submit(1, Prompt, maxTokens: 2);

        Assert.False(replica.Engine.Abort(1, 2.5 * Step));

        Assert.Equal(2 * Step, replica.Completion(1).CompletedAt, TimePrecision);
    }
}
