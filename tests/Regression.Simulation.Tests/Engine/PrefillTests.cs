using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class PrefillTests
{
    [Fact]
    public void ChunkedPrefill_PromptLongerThanTheBudget_SpreadOverSeveralSteps()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 64, MaxNumBatchedTokens = 256 });

        replica.Submit(1, promptTokens: 1000, maxTokens: 1);
        replica.RunUntilIdle();

        // ⌈1000 / 256⌉ = 4 steps before the first token.
        Assert.Equal(4 * Step, replica.Completion(1).FirstTokenAt, TimePrecision);
        Assert.Equal(4, replica.Engine.Snapshot().Counters.Steps);
    }

    [Fact]
    public void ChunkedPrefill_RunningDecodes_KeepGeneratingWhileAPromptIsChunked()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 64, MaxNumBatchedTokens = 256 });
        replica.Submit(1, promptTokens: 10, maxTokens: 20, stream: true);
        replica.Submit(2, promptTokens: 1000, maxTokens: 1, at: Step);

        replica.RunUntilIdle();

        // Request 1 decodes in every step and takes one token of each step's budget: 4 chunks of ≤ 255.
        var gaps = replica.Events.Tokens.Where(t => t.RequestId == 1).Select(t => t.Time).Prepend(replica.Completion(1).FirstTokenAt).ToArray();
        Assert.All(gaps.Zip(gaps.Skip(1), (a, b) => b - a), gap => Assert.Equal(Step, gap, TimePrecision));
        Assert.Equal(5 * Step, replica.Completion(2).FirstTokenAt, TimePrecision);
    }

    [Fact]
    public void ChunkedPrefill_StepCost_GrowsWithThePrefillTokensItCarries()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 64, MaxNumBatchedTokens = 512, PrefillPerTokenMicroseconds = 20 });

        replica.Submit(1, promptTokens: 1000, maxTokens: 1);
        replica.RunUntilIdle();

        Assert.Equal((2 * Step) + (1000 * 20e-6), replica.Completion(1).FirstTokenAt, TimePrecision);
    }

    [Fact]
    public void WithoutChunkedPrefill_APromptIsComputedWholeInOneStep()
    {
        var replica = new TestReplica(FixedStep with { ChunkedPrefill = false, MaxNumSeqs = 64, MaxNumBatchedTokens = 2048, PrefillPerTokenMicroseconds = 20 });

        replica.Submit(1, promptTokens: 1000, maxTokens: 1);
        replica.RunUntilIdle();

        Assert.Equal(Step + (1000 * 20e-6), replica.Completion(1).FirstTokenAt, TimePrecision);
        Assert.Equal(1, replica.Engine.Snapshot().Counters.Steps);
    }

    [Fact]
    public void WithoutChunkedPrefill_APromptBeyondTheBudgetLeftWaitsForTheNextStep()
    {
        var replica = new TestReplica(FixedStep with { ChunkedPrefill = false, MaxNumSeqs = 64, MaxNumBatchedTokens = 2048 });
        replica.Submit(1, promptTokens: 1500, maxTokens: 1);
        replica.Submit(2, promptTokens: 1000, maxTokens: 1);

        replica.RunUntilIdle();

        Assert.Equal(Step, replica.Completion(1).FirstTokenAt, TimePrecision);
        Assert.Equal(2 * Step, replica.Completion(2).FirstTokenAt, TimePrecision);
    }

    [Fact]
    public void WithoutChunkedPrefill_ByDefaultPromptsJoinTheDecodingBatch()
    {
        var replica = new TestReplica(FixedStep with { ChunkedPrefill = false, MaxNumSeqs = 64, MaxNumBatchedTokens = 2048 });
        replica.Submit(1, promptTokens: 10, maxTokens: 5, stream: true);
        replica.Submit(2, promptTokens: 10, maxTokens: 5, at: Step);

        replica.RunUntilIdle();

        Assert.Equal(5 * Step, replica.Completion(1).CompletedAt, TimePrecision);
        Assert.Equal(2 * Step, replica.Completion(2).FirstTokenAt, TimePrecision);
    }

    [Fact]
    public void DecodeStallsDuringPrefill_AStepThatAdmitsPromptsRunsNoDecodes()
    {
        var replica = new TestReplica(FixedStep with
        {
            ChunkedPrefill = false,
            DecodeStallsDuringPrefill = true,
            MaxNumSeqs = 64,
            MaxNumBatchedTokens = 2048,
        });
        replica.Submit(1, promptTokens: 10, maxTokens: 5, stream: true);
        replica.Submit(2, promptTokens: 10, maxTokens: 5, at: Step);

        replica.RunUntilIdle();

        // Step 2 prefills request 2 only, so request 1 finishes a step later than it would otherwise.
        Assert.Equal(2 * Step, replica.Completion(2).FirstTokenAt, TimePrecision);
        Assert.Equal(6 * Step, replica.Completion(1).CompletedAt, TimePrecision);
        Assert.DoesNotContain(replica.Events.Tokens, token => token.RequestId == 1 && Math.Abs(token.Time - (2 * Step)) < 1e-9);
    }
}
