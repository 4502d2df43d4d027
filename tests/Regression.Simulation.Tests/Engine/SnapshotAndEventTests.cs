using Regression.Simulation.Engine;
using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class SnapshotAndEventTests
{
    [Fact]
    public void Events_StreamingRequest_OneTokenEventPerTokenAfterTheFirst()
    {
        var replica = new TestReplica();
        replica.Submit(1, 10, 6, stream: true);
        replica.Submit(2, 10, 6);

        replica.RunUntilIdle();

        Assert.Equal([2, 3, 4, 5, 6], replica.Events.Tokens.Where(t => t.RequestId == 1).Select(t => t.OutputTokens));
        Assert.DoesNotContain(replica.Events.Tokens, t => t.RequestId == 2);
        Assert.Equal(2, replica.Events.FirstTokens.Count);
        Assert.Equal(2, replica.Events.Completions.Count);
    }

    [Fact]
    public void Snapshot_AfterRequestsFinish_CountsTokensRequestsAndLatencies()
    {
        var replica = new TestReplica(FixedStep with { MaxNumSeqs = 1 });
        replica.Submit(1, promptTokens: 100, maxTokens: 4);
        replica.Submit(2, promptTokens: 50, maxTokens: 3);

        replica.RunUntilIdle();
        var snapshot = replica.Engine.Snapshot();

        Assert.Equal(150, snapshot.Counters.PromptTokens);
        Assert.Equal(7, snapshot.Counters.GenerationTokens);
        Assert.Equal(2, snapshot.Counters.RequestsFinished);
        Assert.Equal(2, snapshot.Counters.RequestsFinishedByLength);
        Assert.Equal(2, snapshot.Counters.RequestsAccepted);
        Assert.Equal(7, snapshot.Counters.Steps);
        Assert.Equal(2, snapshot.Histograms.TimeToFirstToken.Count);
        Assert.Equal(5, snapshot.Histograms.TimePerOutputToken.Count);
        Assert.Equal(5 * Step, snapshot.Histograms.TimePerOutputToken.Sum, TimePrecision);
        Assert.Equal((4 * Step) + (7 * Step), snapshot.Histograms.EndToEndLatency.Sum, TimePrecision);
        Assert.Equal(4 * Step, snapshot.Histograms.QueueTime.Sum, TimePrecision);
        Assert.Equal(0, snapshot.Running);
        Assert.Equal(0, snapshot.Waiting);
        Assert.Equal(7 * Step, snapshot.Time, TimePrecision);
    }

    [Fact]
    public void Snapshot_TakenEarlier_DoesNotChangeLater()
    {
        var replica = new TestReplica();
        replica.Submit(1, 10, 3);
        replica.Engine.AdvanceTo(0);
        var before = replica.Engine.Snapshot();

        replica.RunUntilIdle();

        Assert.Equal(1, before.Running);
        Assert.Equal(0, before.Counters.RequestsFinished);
        Assert.Equal(0, before.Histograms.EndToEndLatency.Count);
        Assert.Equal(1, replica.Engine.Snapshot().Counters.RequestsFinished);
    }

    [Fact]
    public void Histogram_Buckets_AreVllmsWithInclusiveUpperBounds()
    {
        var replica = new TestReplica();
        replica.Submit(1, 10, 2);

        replica.RunUntilIdle();
        var ttft = replica.Engine.Snapshot().Histograms.TimeToFirstToken;

        Assert.Equal(LatencyBuckets.TimeToFirstToken, ttft.UpperBounds);
        var atTenMilliseconds = ttft.UpperBounds.IndexOf(0.01);
        Assert.Equal(0, ttft.CumulativeCounts[atTenMilliseconds - 1]);
        Assert.Equal(1, ttft.CumulativeCounts[atTenMilliseconds]);
        Assert.Equal(1, ttft.CumulativeCounts[^1]);
    }

    [Fact]
    public void Completion_Properties_DeriveFromItsTimes()
    {
        var completion = new RequestCompletion(1, "m", 10, 5, FinishReason.Stop, 1.0, 1.02, 1.05, 1.1, 1.5, 0);

        Assert.Equal(0.1, completion.TimeToFirstToken, TimePrecision);
        Assert.Equal(0.5, completion.Latency, TimePrecision);
        Assert.Equal(0.03, completion.QueueTime, TimePrecision);
        Assert.Equal(0.1, completion.TimePerOutputToken, TimePrecision);
    }
}
