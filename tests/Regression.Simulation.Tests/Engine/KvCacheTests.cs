using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class KvCacheTests
{
    [Fact]
    public void Snapshot_RunningRequest_KvUsageIsItsTokensOverCapacity()
    {
        var replica = new TestReplica(FixedStep with { KvCacheTokens = 4000 });
        replica.Submit(1, promptTokens: 1000, maxTokens: 100);

        replica.Engine.AdvanceTo(0);

        Assert.Equal(0.25, replica.Engine.Snapshot().KvCacheUsage, TimePrecision);
        replica.RunUntilIdle();
        Assert.Equal(0, replica.Engine.Snapshot().KvCacheUsage);
    }

    [Fact]
    public void Admission_PromptDoesNotFit_WaitsUntilARunningRequestFrees()
    {
        var replica = new TestReplica(FixedStep with { MaxModelLen = 100, KvCacheTokens = 150 });
        replica.Submit(1, promptTokens: 90, maxTokens: 10);
        replica.Submit(2, promptTokens: 90, maxTokens: 10);

        replica.Engine.AdvanceTo(0);
        Assert.Equal(1, replica.Engine.RunningCount);
        Assert.Equal(1, replica.Engine.WaitingCount);

        replica.RunUntilIdle();
        Assert.Equal(replica.Completion(1).CompletedAt, replica.Completion(2).ScheduledAt, TimePrecision);
    }

    [Fact]
    public void Decode_GrowthBeyondCapacity_PreemptsTheNewestRequestWhichPrefillsAgain()
    {
        // Two 40-token prompts fill 80 of 100 tokens; after 10 decode steps each the cache is full,
        // so the newer request is evicted and must recompute its prompt and 11 generated tokens.
        var prefillMicrosecondsPerToken = 1000;
        var replica = new TestReplica(FixedStep with { MaxModelLen = 100, KvCacheTokens = 100, PrefillPerTokenMicroseconds = prefillMicrosecondsPerToken });
        replica.Submit(1, promptTokens: 40, maxTokens: 30);
        replica.Submit(2, promptTokens: 40, maxTokens: 30, stream: true);

        replica.RunUntilIdle();

        var first = replica.Completion(1);
        var evicted = replica.Completion(2);
        Assert.Equal(0, first.Preemptions);
        Assert.Equal(1, evicted.Preemptions);
        Assert.Equal(1, replica.Engine.Snapshot().Counters.Preemptions);
        Assert.Equal(30, evicted.OutputTokens);
        Assert.True(evicted.CompletedAt > first.CompletedAt);
        Assert.Single(replica.Events.FirstTokens, token => token.RequestId == 2);

        // Re-admitted when the first finishes; the recompute of 40 + 11 tokens yields its 12th token.
        var recomputeSeconds = Step + (51 * prefillMicrosecondsPerToken * 1e-6);
        var twelfth = replica.Events.Tokens.Single(token => token.RequestId == 2 && token.OutputTokens == 12);
        Assert.Equal(first.CompletedAt + recomputeSeconds, twelfth.Time, TimePrecision);
        Assert.Equal(80, replica.Engine.Snapshot().Counters.PromptTokens);
    }

    [Fact]
    public void Preemption_WaitingRequestsPresent_EvictedRequestGoesBackToTheFront()
    {
        var replica = new TestReplica(FixedStep with { MaxModelLen = 100, KvCacheTokens = 100 });
        replica.Submit(1, promptTokens: 40, maxTokens: 30);
        replica.Submit(2, promptTokens: 40, maxTokens: 30);
        replica.Submit(3, promptTokens: 40, maxTokens: 30, at: 0.001);

        replica.RunUntilIdle();

        Assert.Equal(1, replica.Completion(2).Preemptions);
        Assert.True(replica.Completion(2).CompletedAt < replica.Completion(3).CompletedAt);
        Assert.True(replica.Completion(3).ScheduledAt >= replica.Completion(1).CompletedAt);
    }
}
