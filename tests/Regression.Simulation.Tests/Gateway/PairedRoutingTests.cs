using System.Net;
using Regression.LoadGeneration.Pairing;
using Regression.Simulation.Hosting;
using Regression.Simulation.Tests.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

public sealed class PairedRoutingTests
{
    // On a whole second, so scrape ticks fall on the clock's start.
    private static readonly DateTimeOffset Start = new(2025, 5, 15, 12, 0, 0, TimeSpan.Zero);

    // About a second of half-millisecond steps: still running when the later requests are routed.
    private const string LongStream = """{"model":"meta-llama/Llama-3.1-8B-Instruct","prompt":"Hi","max_tokens":2000,"ignore_eos":true,"stream":true}""";

    // Past a stamped request's queueing time (10 ms + transit + overhead) and its first steps.
    private static readonly TimeSpan Started = TimeSpan.FromMilliseconds(100);

    // How often to look whether the replicas have accepted the requests sent (no event tells).
    private static readonly TimeSpan AcceptancePoll = TimeSpan.FromMilliseconds(2);

    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Completions_SameStampRoutedLater_GoesToTheSameReplicaAsTheFirstTime()
    {
        await using var pair = await SimulatedReplicaPair.StartAsync(Start);
        await using var first = await pair.StartGatewayAsync();
        using var toFirst = GatewayTestHost.Client(first);
        var stamp = StampedRequests.At(ScheduleKey, Start.AddMilliseconds(10));
        using var original = await SendAndStartAsync(pair, toFirst.SendForHeadersAsync(StampedRequests.Completion(LongStream, stamp)));
        var chosen = ReplicaOf(original);

        // The chosen replica is busy now, so a gateway's scraped states send new requests elsewhere;
        // the stamped request is still routed by the states at its tick, on the old gateway and a new one.
        await using var second = await pair.StartGatewayAsync();
        using var toSecond = GatewayTestHost.Client(second);
        var later = await SendAndStartAsync(
            pair,
            toFirst.SendForHeadersAsync(StampedRequests.Completion(LongStream, stamp)),
            toSecond.SendForHeadersAsync(StampedRequests.Completion(LongStream, stamp)),
            toSecond.SendForHeadersAsync(StampedRequests.Completion(LongStream)));
        using var againOnFirst = later[0];
        using var againOnSecond = later[1];
        using var unstamped = later[2];

        Assert.Equal(chosen, ReplicaOf(againOnFirst));
        Assert.Equal(chosen, ReplicaOf(againOnSecond));
        Assert.NotEqual(chosen, ReplicaOf(unstamped));
        Assert.Equal((3, 2), (PairedTimelines(pair).Stamped, PairedTimelines(pair).Late));
        await DrainAsync(pair, original, againOnFirst, againOnSecond, unstamped);
    }

    [Fact]
    public async Task Completions_Unstamped_IsServedAndCountsNoStamp()
    {
        await using var pair = await SimulatedReplicaPair.StartAsync(Start);
        await using var gateway = await pair.StartGatewayAsync();
        using var client = GatewayTestHost.Client(gateway);

        using var response = await SendAndStartAsync(pair, client.SendForHeadersAsync(StampedRequests.Completion(LongStream)));
        var bodies = await DrainAsync(pair, response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2000, SseStream.Chunks(Assert.Single(bodies)).Count);
        Assert.Equal(default, PairedTimelines(pair));
        Assert.Equal(1, gateway.Counters.Forwarded.Values.Sum());
    }

    // Any key of a schedule: request 3 of seed 7 at rate 20.
    private static long ScheduleKey => ScheduleKeys.RequestKey(ScheduleKeys.RunKey(7, 20), 3);

    private static string ReplicaOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues(SimulatorHeaders.Replica));
    }

    private static PairedTimeline PairedTimelines(SimulatedReplicaPair pair) => PairedTimeline.Sum(pair.Replicas.Select(r => r.Paired));

    // A stream's headers pass the gateway with its first token, which needs the clock to move; the clock
    // moves only once every request has reached its replica, so each stands where the test expects.
    private static async Task<HttpResponseMessage> SendAndStartAsync(SimulatedReplicaPair pair, Task<HttpResponseMessage> sending) =>
        (await SendAndStartAsync(pair, [sending]))[0];

    private static async Task<HttpResponseMessage[]> SendAndStartAsync(SimulatedReplicaPair pair, params Task<HttpResponseMessage>[] sending)
    {
        using var guard = TestTimeouts.HangGuard();
        var expected = Accepted(pair) + sending.Length;
        while (Accepted(pair) < expected)
        {
            await Task.Delay(AcceptancePoll, guard.Token);
        }

        pair.Clock.Advance(Started);
        return await Task.WhenAll(sending).WaitAsync(guard.Token);
    }

    private static long Accepted(SimulatedReplicaPair pair) => pair.Replicas.Sum(r => r.Snapshot().Counters.RequestsAccepted);

    // Lets every answer finish on the fake clock, so the gateways have nothing in flight when they stop.
    private static async Task<string[]> DrainAsync(SimulatedReplicaPair pair, params HttpResponseMessage[] responses)
    {
        pair.Clock.Advance(Drain);
        using var guard = TestTimeouts.HangGuard();
        return await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync(guard.Token)));
    }
}
