using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Regression.LoadGeneration.Pairing;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Prometheus;
using Regression.Simulation.Routing;

namespace Regression.Simulation.Tests.Hosting;

public sealed class TickMetricsTests
{
    // On a whole second, so scrape ticks (multiples of the view interval) fall on the clock's start.
    private static readonly DateTimeOffset Start = new(2025, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = new ReplicaHostOptions { Name = "n", BaseModel = "m" }.ViewInterval;

    [Fact]
    public async Task MetricsAtTick_BeforeAndAfterRequestsReachTheQueue_ShowsEachTicksState()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartOneAtATimeAsync(clock);
        using var first = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        using var second = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));

        clock.Advance(Interval + (Interval / 5));
        var atStart = await ReadAtAsync(host, Start);
        var atNextTick = await ReadAtAsync(host, Start + Interval);

        Assert.Equal((0, 0), (atStart.State.RunningCount, atStart.State.WaitingQueueLength));
        Assert.Equal((1, 1), (atNextTick.State.RunningCount, atNextTick.State.WaitingQueueLength));
        Assert.Equal(Microseconds(Start), atStart.ServedTick);
        Assert.Equal(Microseconds(Start + Interval), atNextTick.ServedTick);
    }

    [Fact]
    public async Task MetricsAtTick_AfterTheEngineMovedOn_StillShowsTheTicksState()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartOneAtATimeAsync(clock);
        using var first = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        using var second = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        clock.Advance(Interval + (Interval / 5));
        var busy = await ReadAtAsync(host, Start + Interval);

        // Long enough for both answers (a few hundred steps of about half a millisecond), fewer ticks than are kept.
        clock.Advance(TimeSpan.FromSeconds(2));
        await first.Content.ReadAsStringAsync();
        await second.Content.ReadAsStringAsync();
        var later = await ReadAtAsync(host, Start + Interval);
        var now = await ReadNowAsync(host, clock);

        Assert.Equal((1, 1), (busy.State.RunningCount, busy.State.WaitingQueueLength));
        Assert.Equal((busy.State.RunningCount, busy.State.WaitingQueueLength, busy.State.KvCacheUsage), (later.State.RunningCount, later.State.WaitingQueueLength, later.State.KvCacheUsage));
        Assert.Equal(busy.ServedTick, later.ServedTick);
        Assert.Equal((0, 0), (now.RunningCount, now.WaitingQueueLength));
    }

    [Fact]
    public async Task Metrics_WithoutATick_AnswersTheStateNowAndEchoesNoTick()
    {
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartOneAtATimeAsync(clock);
        using var first = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        using var second = await host.Client.SendForHeadersAsync(StampedRequests.Completion(StampedRequests.LongStreamBody));
        clock.Advance(Interval / 5);

        using var response = await host.Client.GetAsync(VllmRoutes.Metrics);
        var state = VllmMetricsReader.Read(PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync()), host.Replica.Name, clock.GetUtcNow());
        var atStart = await ReadAtAsync(host, Start);

        Assert.False(response.Headers.Contains(SimulatorHeaders.MetricsTick));
        Assert.Equal((1, 1), (state.RunningCount, state.WaitingQueueLength));
        Assert.Equal((0, 0), (atStart.State.RunningCount, atStart.State.WaitingQueueLength));
    }

    [Fact]
    public async Task MetricsAtTick_StampedRequest_IsInTheStateOfTheFirstTickAfterItReachedTheQueue()
    {
        // Stamped 30 ms after the start: it reaches the scheduler at 30 + 25 (transit) + 1 (overhead) ms,
        // so the tick at 50 ms does not show it and the one at 100 ms does.
        var clock = new FakeTimeProvider(Start);
        await using var host = await StartOneAtATimeAsync(clock);
        using var response = await host.Client.SendForHeadersAsync(
            StampedRequests.Completion(StampedRequests.LongStreamBody, StampedRequests.At(41, Start.AddMilliseconds(30))));

        clock.Advance(3 * Interval);
        var before = await ReadAtAsync(host, Start + Interval);
        var after = await ReadAtAsync(host, Start + (2 * Interval));

        Assert.Equal(0, before.State.RunningCount);
        Assert.Equal(1, after.State.RunningCount);
    }

    private static Task<TestReplicaHost> StartOneAtATimeAsync(FakeTimeProvider clock) =>
        TestReplicaHost.StartAsync(TestReplicaHost.FastSettings with { MaxNumSeqs = 1 }, clock);

    private static long Microseconds(DateTimeOffset time) => ScheduleStamp.UnixMicroseconds(time);

    private static async Task<(ReplicaState State, long ServedTick)> ReadAtAsync(TestReplicaHost host, DateTimeOffset tick)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, VllmRoutes.Metrics);
        request.Headers.Add(SimulatorHeaders.MetricsTick, Microseconds(tick).ToString(CultureInfo.InvariantCulture));
        using var response = await host.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var served = long.Parse(Assert.Single(response.Headers.GetValues(SimulatorHeaders.MetricsTick)), CultureInfo.InvariantCulture);
        var state = VllmMetricsReader.Read(PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync()), host.Replica.Name, tick);
        return (state, served);
    }

    private static async Task<ReplicaState> ReadNowAsync(TestReplicaHost host, TimeProvider clock) =>
        VllmMetricsReader.Read(PrometheusTextParser.Parse(await host.Client.GetStringAsync(VllmRoutes.Metrics)), host.Replica.Name, clock.GetUtcNow());
}
