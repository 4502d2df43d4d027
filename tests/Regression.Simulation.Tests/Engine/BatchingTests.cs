using Regression.Simulation.Engine;
using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class BatchingTests
{
    [Fact]
    public void Submit_IdleReplica_PrefillStepGivesFirstTokenAndEachDecodeStepOneMore()
    {
        var replica = new TestReplica();

        Assert.True(replica.Submit(1, promptTokens: 100, maxTokens: 5).IsAccepted);
        replica.RunUntilIdle();

        var completion = replica.Completion(1);
        Assert.Equal(Step, completion.FirstTokenAt, TimePrecision);
        Assert.Equal(5 * Step, completion.CompletedAt, TimePrecision);
        Assert.Equal(5, completion.OutputTokens);
        Assert.Equal(FinishReason.Length, completion.Reason);
    }

    [Fact]
    public void Submit_SeveralAtTheSameInstant_ShareTheFirstStep()
    {
        var replica = new TestReplica();

        for (var id = 0; id < 3; id++)
        {
            replica.Submit(id, 100, 3, at: 1.0);
        }

        replica.RunUntilIdle();

        Assert.All(replica.Events.FirstTokens, token => Assert.Equal(1.0 + Step, token.Time, TimePrecision));
        Assert.Equal(3, replica.Events.FirstTokens.Count);
    }

    [Fact]
    public void Submit_WhileAStepRuns_JoinsTheNextStep()
    {
        var replica = new TestReplica();

        replica.Submit(1, 100, 10, at: 0);
        replica.Submit(2, 100, 10, at: Step / 2);
        replica.RunUntilIdle();

        Assert.Equal(2 * Step, replica.Completion(2).FirstTokenAt, TimePrecision);
        Assert.Equal(Step, replica.Completion(2).ScheduledAt, TimePrecision);
    }

    [Fact]
    public void Batch_MoreRequestsThanMaxNumSeqs_RunsAtMostMaxNumSeqsAndQueuesTheRest()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 2 });

        for (var id = 0; id < 5; id++)
        {
            replica.Submit(id, 100, 4);
        }

        replica.Engine.AdvanceTo(0);
        Assert.Equal(2, replica.Engine.RunningCount);
        Assert.Equal(3, replica.Engine.WaitingCount);

        replica.RunUntilIdle();
        Assert.Equal(4 * Step, replica.Completion(1).CompletedAt, TimePrecision);
        Assert.Equal(4 * Step, replica.Completion(2).ScheduledAt, TimePrecision);
        Assert.Equal(12 * Step, replica.Completion(4).CompletedAt, TimePrecision);
    }

    [Fact]
    public void NextEventTime_IdleReplica_IsInfinite()
    {
        var replica = new TestReplica();

        Assert.Equal(double.PositiveInfinity, replica.Engine.NextEventTime);
        replica.Submit(1, 10, 2, at: 3);
        Assert.Equal(3, replica.Engine.NextEventTime);
        replica.RunUntilIdle();
        Assert.Equal(double.PositiveInfinity, replica.Engine.NextEventTime);
    }

    [Fact]
    public void Submit_WithRequestOverhead_ReachesTheSchedulerLater()
    {
        var replica = new TestReplica(FixedStep with { RequestOverheadMilliseconds = 20 });

        replica.Submit(1, 10, 2, at: 1);
        replica.RunUntilIdle();

        var completion = replica.Completion(1);
        Assert.Equal(1.020, completion.QueuedAt, TimePrecision);
        Assert.Equal(0.020 + Step, completion.TimeToFirstToken, TimePrecision);
    }

    [Fact]
    public void AdvanceTo_TimeGoingBack_Throws()
    {
        var replica = new TestReplica();
        replica.Engine.AdvanceTo(2);

        Assert.Throws<ArgumentOutOfRangeException>(() => replica.Engine.AdvanceTo(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => replica.Submit(1, 10, 2, at: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => replica.Engine.AdvanceTo(double.NaN));
    }
}
