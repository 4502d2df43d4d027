using static Regression.Simulation.Tests.Engine.TestReplica;

namespace Regression.Simulation.Tests.Engine;

public sealed class LoraTests
{
    [Fact]
    public void Batch_AdapterBeyondMaxLoras_WaitsUntilASlotFrees()
    {
        var replica = new TestReplica(maxLoras: 3);
        replica.RegisterAdapters("adapter-0", "adapter-1", "adapter-2", "adapter-3");
        replica.Submit(0, 10, maxTokens: 3, model: "adapter-0");
        replica.Submit(1, 10, maxTokens: 50, model: "adapter-1");
        replica.Submit(2, 10, maxTokens: 50, model: "adapter-2");
        replica.Submit(3, 10, maxTokens: 50, model: "adapter-3");

        replica.Engine.AdvanceTo(0);
        var snapshot = replica.Engine.Snapshot();
        Assert.Equal(["adapter-0", "adapter-1", "adapter-2"], snapshot.RunningAdapters);
        Assert.Equal(["adapter-3"], snapshot.WaitingAdapters);
        Assert.Equal(3, snapshot.MaxLoras);

        replica.RunUntilIdle();
        Assert.Equal(replica.Completion(0).CompletedAt, replica.Completion(3).ScheduledAt, TimePrecision);
    }

    [Fact]
    public void Batch_SlotsFull_RequestsOfRunningAdaptersAndTheBaseModelStillJoin()
    {
        var replica = new TestReplica(maxLoras: 1);
        replica.RegisterAdapters("adapter-0", "adapter-1");
        replica.Submit(0, 10, 20, model: "adapter-0");
        replica.Submit(1, 10, 20, model: "adapter-1");
        replica.Submit(2, 10, 20, model: "adapter-0");
        replica.Submit(3, 10, 20);

        replica.Engine.AdvanceTo(0);

        Assert.Equal(3, replica.Engine.RunningCount);
        Assert.Equal(["adapter-0"], replica.Engine.Snapshot().RunningAdapters);
        Assert.Equal(["adapter-1"], replica.Engine.Snapshot().WaitingAdapters);
    }

    [Fact]
    public void ColdAdapter_LoadTime_AppearsInTheFirstRequestsTtftOnly()
    {
        var replica = new TestReplica(FixedStep with { AdapterLoadMilliseconds = 5 });
        replica.RegisterAdapters("adapter-0");

        replica.Submit(1, 10, 1, model: "adapter-0");
        replica.RunUntilIdle();
        replica.Submit(2, 10, 1, at: 1, model: "adapter-0");
        replica.RunUntilIdle();

        Assert.Equal(Step + 0.005, replica.Completion(1).TimeToFirstToken, TimePrecision);
        Assert.Equal(Step, replica.Completion(2).TimeToFirstToken, TimePrecision);
        Assert.Equal(1, replica.Engine.Snapshot().Counters.AdapterLoads);
    }

    [Fact]
    public void AdapterLoadTime_IncludesSizeOverBandwidth()
    {
        // Rank 8 × 2 MB at 2 GB/s = 8 ms on top of the 1.5 ms base.
        var settings = FixedStep with { AdapterLoadMilliseconds = 1.5, LoraRank = 8, AdapterBytesPerRank = 2_000_000, AdapterLoadGigabytesPerSecond = 2 };
        var replica = new TestReplica(settings);
        replica.RegisterAdapters("adapter-0");

        replica.Submit(1, 10, 1, model: "adapter-0");
        replica.RunUntilIdle();

        Assert.Equal(Step + 0.0095, replica.Completion(1).TimeToFirstToken, TimePrecision);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    public void AlternatingAdapters_FewerSlotsThanAdapters_ReloadTheLeastRecentlyUsed(int maxLoras, int expectedLoads)
    {
        var replica = new TestReplica(maxLoras: maxLoras);
        replica.RegisterAdapters("adapter-0", "adapter-1");

        var at = 0.0;
        foreach (var (id, adapter) in new[] { (1, "adapter-0"), (2, "adapter-1"), (3, "adapter-0") })
        {
            replica.Submit(id, 10, 1, at: at, model: adapter);
            replica.RunUntilIdle();
            at = replica.Engine.Now;
        }

        Assert.Equal(expectedLoads, replica.Engine.Snapshot().Counters.AdapterLoads);
    }

    [Fact]
    public void StepTime_GrowsPerDistinctAdapterInTheStep()
    {
        var replica = new TestReplica(FixedStep with { LoraStepOverheadPerAdapter = 0.02 });
        replica.RegisterAdapters("adapter-0", "adapter-1");
        replica.Submit(1, 10, 1, model: "adapter-0");
        replica.Submit(2, 10, 1, model: "adapter-1");
        replica.Submit(3, 10, 1, model: "adapter-1");
        replica.Submit(4, 10, 1);

        replica.RunUntilIdle();

        Assert.All(replica.Events.Completions, c => Assert.Equal(Step * 1.04, c.CompletedAt, TimePrecision));
    }
}
