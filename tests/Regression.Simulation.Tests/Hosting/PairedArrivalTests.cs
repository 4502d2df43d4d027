using System.Net;
using Microsoft.Extensions.Time.Testing;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class PairedArrivalTests
{
    // On a whole second, so scrape ticks fall on the clock's start.
    private static readonly DateTimeOffset Start = new(2025, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly double Transit = new ReplicaHostOptions { Name = "n", BaseModel = "m" }.PairedTransit.TotalMilliseconds;
    private static readonly double Overhead = TestReplicaHost.FastSettings.RequestOverheadMilliseconds;

    [Fact]
    public async Task Submit_StampOnTime_CountsAsStampedAndNotLate()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestReplicaHost.StartAsync(clock: clock);

        using var response = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody, StampedRequests.At(41, Start)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new PairedTimeline(Stamped: 1, Late: 0, MaxLateMilliseconds: 0, Ignored: 0), host.Replica.Paired);
    }

    [Fact]
    public async Task Submit_Stamped_StandsOnTheTimelineAtItsStampPlusTheTransit()
    {
        // Stamped 10 ms ahead: it reaches the scheduler at 10 + transit + overhead ms, not at its arrival (0 ms).
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        using var response = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody, StampedRequests.At(41, Start.AddMilliseconds(10))));
        var queuedAt = TimeSpan.FromMilliseconds(10 + Transit + Overhead);

        clock.Advance(queuedAt - TimeSpan.FromMilliseconds(1));
        var before = host.Replica.Snapshot();
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = host.Replica.Snapshot();

        Assert.Equal((0, 0), (before.Running, before.Waiting));
        Assert.Equal(1, after.Running);
    }

    [Fact]
    public async Task Submit_StampPlusTransitAndOverheadPast_CountsAsLateByHowMuch()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        clock.Advance(TimeSpan.FromSeconds(1));

        // Sent 100 ms ago: due in the scheduler 100 − transit − overhead ms ago.
        using var response = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody, StampedRequests.At(41, clock.GetUtcNow().AddMilliseconds(-100))));

        var paired = host.Replica.Paired;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 0), (paired.Stamped, paired.Late, paired.Ignored));
        Assert.Equal(100 - Transit - Overhead, paired.MaxLateMilliseconds, 6);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    public async Task Submit_StampAnHourOff_IsIgnoredAndTheRequestStillServed(int minutes)
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestReplicaHost.StartAsync(clock: clock);

        using var response = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody, StampedRequests.At(41, Start.AddMinutes(minutes))));
        clock.Advance(TimeSpan.FromMilliseconds(Overhead));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new PairedTimeline(Stamped: 0, Late: 0, MaxLateMilliseconds: 0, Ignored: 1), host.Replica.Paired);
        Assert.Equal(1, host.Replica.Snapshot().Running);
    }

    [Fact]
    public async Task Submit_NoStampOrOnlyAnId_IsTimedByItsArrivalAndNotCounted()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        using var idOnly = StampedRequests.Completion(StampedRequests.LongStreamBody);
        idOnly.Headers.Add(SimulatorHeaders.RequestId, "41");

        using var plain = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        using var withId = await host.Client.SendForHeadersAsync(idOnly);
        clock.Advance(TimeSpan.FromMilliseconds(Overhead));

        Assert.Equal(default, host.Replica.Paired);
        Assert.Equal(2, host.Replica.Snapshot().Running);
    }
}
