using Regression.Simulation.Engine;
using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class SubmitValidationTests
{
    [Fact]
    public void Submit_PromptPlusMaxTokensOverMaxModelLen_RejectedWithVllmsContextLengthMessage()
    {
        var replica = new TestReplica(FixedStep with { MaxModelLen = 2048 });

        var result = replica.Submit(1, promptTokens: 1100, maxTokens: 1000);

        Assert.Equal(SubmitOutcome.ContextLengthExceeded, result.Outcome);
        Assert.Equal(
            "This model's maximum context length is 2048 tokens. However, you requested 2100 tokens (1100 in the messages, 1000 in the completion). "
            + "Please reduce the length of the messages or completion.",
            result.Message);
    }

    [Fact]
    public void Submit_ExactlyMaxModelLen_Accepted()
    {
        var replica = new TestReplica(FixedStep with { MaxModelLen = 2048 });

        Assert.True(replica.Submit(1, promptTokens: 1048, maxTokens: 1000).IsAccepted);
    }

    [Fact]
    public void Submit_UnknownModel_RejectedNamingIt()
    {
        var replica = new TestReplica();

        var result = replica.Submit(1, 10, 10, model: "adapter-7");

        Assert.Equal(SubmitOutcome.UnknownModel, result.Outcome);
        Assert.Contains("`adapter-7`", result.Message, StringComparison.Ordinal);
        Assert.Equal(1, replica.Engine.Snapshot().Counters.RequestsRejected);
    }

    [Theory]
    [InlineData(0, 10, 0)]
    [InlineData(10, 0, 0)]
    [InlineData(10, 10, 10)]
    [InlineData(10, 10, -1)]
    public void Submit_TokenCountOutOfRange_InvalidRequest(int promptTokens, int maxTokens, int cachedTokens)
    {
        var replica = new TestReplica();

        var result = replica.Engine.Submit(new EngineRequest(1, BaseModel, promptTokens, maxTokens, CachedPromptTokens: cachedTokens), 0);

        Assert.Equal(SubmitOutcome.InvalidRequest, result.Outcome);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    [Fact]
    public void Submit_WaitingQueueAtItsBound_RejectedAsQueueFull()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 1, MaxWaitingRequests = 2 });
        replica.Submit(1, 10, 100);
        replica.Engine.AdvanceTo(0);

        var second = replica.Submit(2, 10, 100);
        var third = replica.Submit(3, 10, 100);
        var fourth = replica.Submit(4, 10, 100);

        Assert.True(second.IsAccepted);
        Assert.True(third.IsAccepted);
        Assert.Equal(SubmitOutcome.QueueFull, fourth.Outcome);
        Assert.Equal(1, replica.Engine.RunningCount);
    }

    [Fact]
    public void Submit_QueueDrained_AcceptedAgain()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 1, MaxWaitingRequests = 1 });
        replica.Submit(1, 10, 2);
        Assert.Equal(SubmitOutcome.QueueFull, replica.Submit(2, 10, 2).Outcome);

        replica.RunUntilIdle();

        Assert.True(replica.Submit(3, 10, 2, at: replica.Engine.Now).IsAccepted);
    }

    [Fact]
    public void Constructor_InvalidSettings_ThrowsNamingEveryBadKey()
    {
        var settings = FixedStep with { MaxNumSeqs = 0, KvCacheTokens = 10 };

        var error = Assert.Throws<ArgumentException>(() => new ReplicaEngine(settings, BaseModel, new RecordingSink()));

        Assert.Contains("Simulator:MaxNumSeqs = 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:KvCacheTokens = 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_MaxLorasOverrideBelowOne_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ReplicaEngine(FixedStep, BaseModel, new RecordingSink(), maxLoras: 0));

        Assert.Contains("maxLoras = 0", error.Message, StringComparison.Ordinal);
    }
}
