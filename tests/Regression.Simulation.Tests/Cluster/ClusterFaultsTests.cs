using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.Simulation.Cluster;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Routing;
using Regression.Simulation.Tests.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Cluster;

/// <summary>
/// The fault hooks of the embedded cluster, on a real cluster (Kestrel on 127.0.0.1) with the
/// faults' delays on a fake clock, so that a test decides when a delayed fault fires.
/// </summary>
public sealed class ClusterFaultsTests
{
    private const string BaseModel = TestReplicaHost.BaseModel;
    private static readonly CaseSettings ThreeReplicas = new() { BaseModel = BaseModel, Models = [BaseModel], Replicas = 3 };

    [Fact]
    public async Task OnRateStarting_StopReplicaAfterDelay_StopsOnlyOnceTheDelayHasPassed()
    {
        await using var cluster = await StartAsync();
        var clock = new FakeTimeProvider();
        var lines = new List<string>();
        var faults = new ClusterFaults(
            cluster, new FaultSettings { StopReplica = new() { Replica = 2, AtRate = 30, After = TimeSpan.FromSeconds(1.5) } }, Lines(lines), clock);
        await using (faults)
        {
            faults.OnRateStarting(20);
            faults.OnRateStarting(30);
            clock.Advance(TimeSpan.FromSeconds(1.4));
            var stoppedEarly = cluster.Replicas[2].IsStopped;
            clock.Advance(TimeSpan.FromSeconds(0.1));
            await WaitUntilAsync(() => cluster.Replicas[2].IsStopped);

            Assert.False(stoppedEarly);
            Assert.False(cluster.Replicas[0].IsStopped || cluster.Replicas[1].IsStopped);
            Assert.Equal(["replica-2 stopped 1.5 s into the 30 req/s rate"], faults.Injected);
        }

        // Disposing waited for the stop: the port is closed.
        Assert.Equal(["fault injected: replica-2 stopped 1.5 s into the 30 req/s rate"], lines);
        using var client = new HttpClient { Timeout = TestTimeouts.Hang };
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(cluster.Replicas[2].BaseAddress, "health")));
        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
    }

    [Fact]
    public async Task DisposeAsync_BeforeADelayedFaultFires_NeverInjectsIt()
    {
        await using var cluster = await StartAsync();
        var clock = new FakeTimeProvider();
        var faults = new ClusterFaults(
            cluster, new FaultSettings { StopReplica = new() { Replica = 0, AtRate = 20, After = TimeSpan.FromSeconds(2) } }, Lines([]), clock);

        faults.OnRateStarting(20);
        await faults.DisposeAsync();
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(faults.Injected);
        Assert.Null(faults.Describe());
        Assert.False(cluster.Replicas[0].IsStopped);
    }

    [Fact]
    public async Task OnRateStarting_ReplicaErrors_FailsTheSeededShareOfThatReplicasCompletions()
    {
        await using var cluster = await StartAsync();
        var faults = new ClusterFaults(
            cluster, new FaultSettings { ReplicaErrors = new() { Replica = 1, AtRate = 20, Fraction = 0.5, Seed = 7 } }, Lines([]), new FakeTimeProvider());
        await using var _ = faults;
        using var client = new HttpClient { BaseAddress = cluster.Replicas[1].BaseAddress, Timeout = TestTimeouts.Hang };
        const int Requests = 40;

        var before = await SendAsync(client, 1);
        faults.OnRateStarting(20);
        var statuses = await SendAsync(client, Requests);

        var seeded = new Random(7);
        var expected = Enumerable.Range(0, Requests).Select(_ => seeded.NextDouble() < 0.5 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK).ToArray();
        Assert.Equal([HttpStatusCode.OK], before);
        Assert.Equal(expected, statuses);
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.InternalServerError), 1, Requests - 1);
        var failed = expected.Count(s => s == HttpStatusCode.InternalServerError);
        Assert.Equal([$"replica-1 answered HTTP 500 to {failed} of {Requests} completions from the 20 req/s rate on (50 % chosen by seed 7)"], faults.Injected);
    }

    [Fact]
    public async Task ReplicaErrors_AllRequests_AnswerVllmsErrorObjectThroughTheGateway()
    {
        await using var cluster = await StartAsync(new CaseSettings { BaseModel = BaseModel, Models = [BaseModel], Replicas = 1 });
        cluster.Replicas[0].InjectErrors(new ReplicaErrorInjection(1, seed: 1));
        using var client = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TestTimeouts.Hang };

        using var response = await client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion()));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error", body.RootElement.GetProperty("object").GetString());
        Assert.Equal("InternalServerError", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(500, body.RootElement.GetProperty("code").GetInt32());
        Assert.False(body.RootElement.TryGetProperty("choices", out _));
        Assert.Equal(1, cluster.Replicas[0].Errors!.Failed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ReplicaErrorInjection_FractionOutsideZeroToOne_IsRefused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaErrorInjection(fraction, seed: 1));

    [Fact]
    public async Task OnRateStarting_GatewayStall_HoldsRequestsUntilTheStallEndsAtItsRateAndEveryLaterOne()
    {
        await using var cluster = await StartAsync();
        var clock = new FakeTimeProvider();
        var faults = new ClusterFaults(
            cluster, new FaultSettings { GatewayStall = new() { AtRate = 20, Duration = TimeSpan.FromSeconds(2) } }, Lines([]), clock);
        await using var _ = faults;
        using var client = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TestTimeouts.Hang };

        faults.OnRateStarting(10);
        var stalledBeforeItsRate = cluster.Gateway.Stall.IsStalled;
        faults.OnRateStarting(20);
        var held = client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion()));
        await WaitUntilAsync(() => cluster.Gateway.Stall.HeldRequests == 1);
        clock.Advance(TimeSpan.FromSeconds(1.9));
        var stillHeld = !held.IsCompleted && cluster.Gateway.Stall.IsStalled;
        clock.Advance(TimeSpan.FromSeconds(0.1));
        using var response = await held.WaitAsync(TestTimeouts.Hang);
        var stalledBetweenRates = cluster.Gateway.Stall.IsStalled;
        faults.OnRateStarting(30);
        var stalledAtTheNextRate = cluster.Gateway.Stall.IsStalled;
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(stalledBeforeItsRate);
        Assert.True(stillHeld);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(stalledBetweenRates);
        Assert.True(stalledAtTheNextRate);
        Assert.False(cluster.Gateway.Stall.IsStalled);
        Assert.Equal(
            [
                "the gateway stalled for 2 s when the 20 req/s rate started (held 1 requests and 0 answers)",
                "the gateway stalled for 2 s when the 30 req/s rate started (held 0 requests and 0 answers)",
            ],
            faults.Injected);
    }

    [Fact]
    public async Task DisposeAsync_DuringAStall_ReleasesHeldRequests()
    {
        await using var cluster = await StartAsync();
        var faults = new ClusterFaults(
            cluster, new FaultSettings { GatewayStall = new() { AtRate = 20, Duration = TimeSpan.FromMinutes(10) } }, Lines([]), new FakeTimeProvider());
        using var client = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TestTimeouts.Hang };

        faults.OnRateStarting(20);
        var held = client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion()));
        await WaitUntilAsync(() => cluster.Gateway.Stall.HeldRequests == 1);
        await faults.DisposeAsync().AsTask().WaitAsync(TestTimeouts.Hang);
        using var response = await held.WaitAsync(TestTimeouts.Hang);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(cluster.Gateway.Stall.IsStalled);
    }

    [Fact]
    public async Task GatewayStall_AnswerComingBackDuringAStall_WaitsForItsEnd()
    {
        // The engines run on a fake clock: the request is forwarded at once and answered only when
        // the test advances that clock, which it does only once the stall is on.
        var engineClock = new FakeTimeProvider();
        await using var cluster = await StartAsync(engineTime: engineClock);
        using var client = new HttpClient { BaseAddress = cluster.GatewayAddress, Timeout = TestTimeouts.Hang };

        var answer = client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion()));
        await WaitUntilAsync(() => cluster.Gateway.Counters.Forwarded.Values.Sum() == 1);
        cluster.Gateway.Stall.Begin();

        // Step the engines' clock until the answer reaches the gateway (the request may reach
        // the replica after the first step).
        await WaitUntilAsync(() =>
        {
            engineClock.Advance(TimeSpan.FromMilliseconds(100));
            return cluster.Gateway.Stall.HeldAnswers == 1;
        });
        var heldWhileStalled = !answer.IsCompleted;
        cluster.Gateway.Stall.End();
        using var response = await answer.WaitAsync(TestTimeouts.Hang);

        Assert.True(heldWhileStalled);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, cluster.Gateway.Stall.HeldRequests);
    }

    [Fact]
    public async Task Constructor_ReplicaTheClusterLacks_IsRefusedNamingTheKey()
    {
        await using var cluster = await StartAsync();

        var refused = Assert.Throws<ArgumentException>(() => new ClusterFaults(
            cluster, new FaultSettings { ReplicaErrors = new() { Replica = 3, AtRate = 20 } }, Lines([]), new FakeTimeProvider()));

        Assert.Contains("Faults:ReplicaErrors:Replica = 3: the cluster has replicas 0 to 2", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<EmbeddedCluster> StartAsync(CaseSettings? caseSettings = null, TimeProvider? engineTime = null)
    {
        using var guard = TestTimeouts.HangGuard();
        var gateway = new GatewaySettings();
        return await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions
            {
                Case = caseSettings ?? ThreeReplicas,
                Simulator = TestReplicaHost.FastSettings,
                Gateway = gateway,
                Policy = RoutingPolicyFactory.Create(gateway, new Random(3)),
                GatewayTime = new FakeTimeProvider(),
                EngineTime = engineTime ?? TimeProvider.System,
            },
            guard.Token);
    }

    private static async Task<HttpStatusCode[]> SendAsync(HttpClient client, int count)
    {
        var statuses = new HttpStatusCode[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion()));
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = TestTimeouts.HangGuard();
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), guard.Token);
        }
    }

    private static Progress Lines(List<string> lines) => new(lines);

    private static string Completion(int maxTokens = 4) =>
        $$"""{"model":"{{BaseModel}}","prompt":"Write a haiku.","max_tokens":{{maxTokens}},"ignore_eos":true}""";

    private sealed class Progress(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
