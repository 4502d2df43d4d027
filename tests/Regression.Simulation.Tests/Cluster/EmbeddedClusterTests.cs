using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.Core.Tokenization;
using Regression.Simulation.Cluster;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Routing;
using Regression.Simulation.Tests.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Cluster;

public sealed class EmbeddedClusterTests
{
    private const string BaseModel = TestReplicaHost.BaseModel;

    private static readonly CaseSettings ThreeAdapters = new()
    {
        BaseModel = BaseModel,
        Models = ["adapter-0", "adapter-1", "adapter-2"],
        Replicas = 2,
        MaxLoras = 2,
    };

    // Steps of 20 ms: LongStream() then lasts 40 s, so it is still streaming when the
    // replica stops however long a loaded machine takes to get there (with the fast settings'
    // half-millisecond steps it lasted one second); a short request still answers in about 0.1 s.
    private static readonly SimulatorSettings SlowSteps = TestReplicaHost.FastSettings with { StepBaseMilliseconds = 20 };

    [Fact]
    public async Task Cluster_EndpointPicker_ServesAdapterRequestsThroughTheGateway()
    {
        await using var cluster = await StartAsync(ThreeAdapters);
        using var client = Client(cluster);

        var answers = new List<JsonElement>();
        foreach (var model in ThreeAdapters.Models)
        {
            using var response = await client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion(model, stream: false)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        Assert.Equal(ThreeAdapters.Models, answers.Select(a => a.GetProperty("model").GetString()));
        Assert.All(answers, a => Assert.Equal(4, a.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.Equal(3, cluster.Gateway.Counters.Forwarded.Values.Sum());
        Assert.All(cluster.Gateway.Scraper.States, s => Assert.True(s.IsHealthy && s.MaxAdapters == 2 && s.BaseModel == BaseModel));
    }

    [Fact]
    public async Task Cluster_Adapters_AreLoadedOnEveryReplicaAndListedByTheGateway()
    {
        await using var cluster = await StartAsync(ThreeAdapters);
        using var client = Client(cluster);

        var gatewayModels = await ModelIdsAsync(client, new Uri(cluster.GatewayAddress, "v1/models"));
        var replicaModels = await Task.WhenAll(cluster.Replicas.Select(r => ModelIdsAsync(client, new Uri(r.BaseAddress, "v1/models"))));

        string[] expected = [BaseModel, .. ThreeAdapters.Models];
        Assert.Equal(expected, gatewayModels);
        Assert.All(replicaModels, models => Assert.Equal(expected, models));
    }

    [Fact]
    public async Task Cluster_RoundRobin_SpreadsRequestsEvenly()
    {
        var singleModel = new CaseSettings { BaseModel = BaseModel, Models = [BaseModel], Replicas = 3 };
        await using var cluster = await StartAsync(singleModel, new GatewaySettings { Policy = RoutingPolicyKind.RoundRobin });
        using var client = Client(cluster);

        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostAsync(VllmRoutes.ChatCompletions, TestReplicaHost.Json(Chat(BaseModel)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            served.Add(Assert.Single(response.Headers.GetValues(SimulatorHeaders.Replica)));
        }

        Assert.Equal(["replica-0", "replica-1", "replica-2", "replica-0", "replica-1", "replica-2"], served);
    }

    [Fact]
    public async Task Cluster_Stream_PassesThroughTheGatewayWithUsage()
    {
        await using var cluster = await StartAsync(ThreeAdapters);
        using var client = Client(cluster);

        using var response = await client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion("adapter-1", stream: true)));

        var chunks = SseStream.Chunks(await response.Content.ReadAsStringAsync());
        var text = string.Concat(chunks.SkipLast(1).Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(4, chunks[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(4 + 1, TokenCounter.StandIn.Count(text));
    }

    [Fact]
    public async Task Cluster_ReplicaStoppedMidRun_GatewayCountsErrorsThenRoutesAround()
    {
        var singleModel = new CaseSettings { BaseModel = BaseModel, Models = [BaseModel], Replicas = 3 };
        var gatewayClock = new FakeTimeProvider();
        await using var cluster = await StartAsync(singleModel, new GatewaySettings { Policy = RoutingPolicyKind.RoundRobin }, gatewayClock, SlowSteps);
        using var client = Client(cluster);
        using var guard = TestTimeouts.HangGuard();
        var stopped = cluster.Replicas[0];
        var stoppedId = ReplicaEndpoint.For(stopped.BaseAddress).Id;
        var inFlight = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, VllmRoutes.Completions) { Content = TestReplicaHost.Json(LongStream()) },
            HttpCompletionOption.ResponseHeadersRead,
            guard.Token);

        await cluster.StopReplicaAsync(0);
        var brokenStream = await Record.ExceptionAsync(() => inFlight.Content.ReadAsStringAsync(guard.Token));
        var beforeScrape = await SendAllAsync(client, 3, guard.Token);
        await cluster.Gateway.Scraper.ScrapeAllAsync(guard.Token);
        var forwardedBefore = cluster.Gateway.Counters.ForwardedTo(stoppedId);
        var afterScrape = await SendAllAsync(client, 6, guard.Token);

        Assert.NotNull(brokenStream);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadGateway], beforeScrape);
        Assert.True(cluster.Gateway.Counters.ForwardErrorsOf(stoppedId) >= 2);
        Assert.False(cluster.Gateway.Scraper.States[0].IsHealthy);
        Assert.All(afterScrape, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(forwardedBefore, cluster.Gateway.Counters.ForwardedTo(stoppedId));
        Assert.All(cluster.Replicas.Skip(1), r => Assert.Equal(0, cluster.Gateway.Counters.ForwardErrorsOf(ReplicaEndpoint.For(r.BaseAddress).Id)));
        inFlight.Dispose();
    }

    private static async Task<EmbeddedCluster> StartAsync(
        CaseSettings caseSettings, GatewaySettings? gateway = null, TimeProvider? gatewayClock = null, SimulatorSettings? simulator = null)
    {
        using var guard = TestTimeouts.HangGuard();
        gateway ??= new GatewaySettings();
        return await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions
            {
                Case = caseSettings,
                Simulator = simulator ?? TestReplicaHost.FastSettings,
                Gateway = gateway,
                Policy = RoutingPolicyFactory.Create(gateway, new Random(3)),
                // A fake gateway clock by default: scrapes happen at start and when a test asks, so a
                // busy machine cannot time one out and change where requests go.
                GatewayTime = gatewayClock ?? new FakeTimeProvider(),
            },
            guard.Token);
    }

    private static HttpClient Client(EmbeddedCluster cluster) => new() { BaseAddress = cluster.GatewayAddress, Timeout = TestTimeouts.Hang };

    private static async Task<HttpStatusCode[]> SendAllAsync(HttpClient client, int count, CancellationToken cancellationToken)
    {
        var statuses = new HttpStatusCode[count];
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsync(VllmRoutes.Completions, TestReplicaHost.Json(Completion(BaseModel, stream: false)), cancellationToken);
            statuses[i] = response.StatusCode;
        }

        return statuses;
    }

    private static async Task<string[]> ModelIdsAsync(HttpClient client, Uri models)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(models));
        return json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
    }

    private static string Completion(string model, bool stream) =>
        $$"""{"model":"{{model}}","prompt":"Write a haiku.","max_tokens":4,"ignore_eos":true,"stream":{{(stream ? "true,\"stream_options\":{\"include_usage\":true}" : "false")}}}""";

    private static string Chat(string model) =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":3}""";

    // As many tokens as the model length allows: still streaming when the replica stops (see SlowSteps).
    private static string LongStream() =>
        $$"""{"model":"{{BaseModel}}","prompt":"Tell a long story.","max_tokens":2000,"ignore_eos":true,"stream":true}""";
}
