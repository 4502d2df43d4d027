using Microsoft.Extensions.Time.Testing;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Hosting;

public sealed class ReplicaDriverTests
{
    private const string StreamBody = """{"model":"meta-llama/Llama-3.1-8B-Instruct","prompt":"Hi","max_tokens":5,"ignore_eos":true,"stream":true}""";

    [Fact]
    public async Task Driver_FakeClock_GeneratesOnlyWhenTheClockMoves()
    {
        var clock = new FakeTimeProvider();
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        using var response = await host.PostForHeadersAsync(VllmRoutes.Completions, StreamBody);

        var before = host.Replica.Snapshot();
        clock.Advance(TimeSpan.FromSeconds(1));
        using var guard = TestTimeouts.HangGuard();
        var chunks = SseStream.Chunks(await response.Content.ReadAsStringAsync(guard.Token));
        var after = host.Replica.Snapshot();

        Assert.Equal(0, before.Counters.GenerationTokens);
        Assert.Equal(1, before.Counters.RequestsAccepted);
        Assert.Equal(5, chunks.Count);
        Assert.Equal(5, after.Counters.GenerationTokens);
        Assert.True(host.Driver.Lag.Samples >= 1);
    }

    [Fact]
    public async Task Driver_TwoReplicas_AdvancesBoth()
    {
        var clock = new FakeTimeProvider();
        using var driver = new ReplicaDriver(clock);
        using var guard = TestTimeouts.HangGuard();
        await using var first = await ReplicaHost.StartAsync(Options("replica-a"), driver, guard.Token);
        await using var second = await ReplicaHost.StartAsync(Options("replica-b"), driver, guard.Token);
        using var client = new HttpClient { Timeout = TestTimeouts.Hang };
        using var toFirst = await SendForHeadersAsync(client, first.BaseAddress);
        using var toSecond = await SendForHeadersAsync(client, second.BaseAddress);

        clock.Advance(TimeSpan.FromSeconds(1));
        var bodies = await Task.WhenAll(toFirst.Content.ReadAsStringAsync(guard.Token), toSecond.Content.ReadAsStringAsync(guard.Token));

        Assert.All(bodies, b => Assert.Equal(5, SseStream.Chunks(b).Count));
        Assert.Equal("replica-a", Assert.Single(toFirst.Headers.GetValues(SimulatorHeaders.Replica)));
        Assert.Equal("replica-b", Assert.Single(toSecond.Headers.GetValues(SimulatorHeaders.Replica)));
    }

    [Fact]
    public async Task ResetLag_ForgetsTheSamples()
    {
        var clock = new FakeTimeProvider();
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        using var response = await host.PostForHeadersAsync(VllmRoutes.Completions, StreamBody);
        clock.Advance(TimeSpan.FromSeconds(1));
        await response.Content.ReadAsStringAsync();
        var recorded = host.Driver.Lag;

        host.Driver.ResetLag();

        Assert.True(recorded.Samples > 0);
        Assert.True(recorded.MaxMilliseconds >= recorded.P50Milliseconds);
        Assert.Equal(new DriverLag(0, 0, 0, 0, 0), host.Driver.Lag);
    }

    private static ReplicaHostOptions Options(string name) =>
        new() { Name = name, BaseModel = TestReplicaHost.BaseModel, Simulator = TestReplicaHost.FastSettings };

    private static Task<HttpResponseMessage> SendForHeadersAsync(HttpClient client, Uri replica) =>
        client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, new Uri(replica, VllmRoutes.Completions.TrimStart('/'))) { Content = TestReplicaHost.Json(StreamBody) },
            HttpCompletionOption.ResponseHeadersRead);
}
