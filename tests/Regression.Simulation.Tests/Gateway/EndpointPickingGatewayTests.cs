using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Regression.Core.Settings;
using Regression.Simulation.Gateway;
using Regression.Simulation.Routing;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

public sealed class EndpointPickingGatewayTests
{
    private const string CompletionBody = "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"hi\",\"max_tokens\":4}";

    [Fact]
    public async Task Completions_ShorterQueue_GetsTheRequest()
    {
        await using var busy = await FakeReplica.StartAsync("busy");
        await using var idle = await FakeReplica.StartAsync("idle");
        busy.MetricsText = VllmMetricsText.For(waiting: 10);
        idle.MetricsText = VllmMetricsText.For(waiting: 0);
        await using var gateway = await GatewayTestHost.StartAsync([busy, idle], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("idle", Assert.Single(response.Headers.GetValues(FakeReplica.ReplicaHeader)));
        }

        Assert.Equal(3, gateway.Counters.ForwardedTo(idle.Id));
        Assert.Equal(0, gateway.Counters.ForwardedTo(busy.Id));
        Assert.Empty(busy.ReceivedBodies);
    }

    [Fact]
    public async Task Completions_NewScrape_ChangesTheChoice()
    {
        await using var a = await FakeReplica.StartAsync("a");
        await using var b = await FakeReplica.StartAsync("b");
        a.MetricsText = VllmMetricsText.For(waiting: 0);
        b.MetricsText = VllmMetricsText.For(waiting: 20);
        await using var gateway = await GatewayTestHost.StartAsync([a, b], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);
        using var guard = TestTimeouts.HangGuard();
        using var first = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody), guard.Token);
        a.MetricsText = VllmMetricsText.For(waiting: 20);
        b.MetricsText = VllmMetricsText.For(waiting: 0);

        await gateway.Scraper.ScrapeAllAsync(guard.Token);
        using var second = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody), guard.Token);

        Assert.Equal("a", Assert.Single(first.Headers.GetValues(FakeReplica.ReplicaHeader)));
        Assert.Equal("b", Assert.Single(second.Headers.GetValues(FakeReplica.ReplicaHeader)));
    }

    [Theory]
    [InlineData(VllmRoutes.Completions)]
    [InlineData(VllmRoutes.ChatCompletions)]
    public async Task Completions_Body_ReachesTheReplicaByteForByte(string path)
    {
        await using var replica = await FakeReplica.StartAsync("only");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);
        var body = Encoding.UTF8.GetBytes(
            "{ \"model\" : \"meta-llama/Llama-3.1-8B-Instruct\",\n  \"messages\": [{\"role\":\"user\",\"content\":\"Grüße \\u00e9 \\\"x\\\" ✓\"}],\t\"max_tokens\": 7 }");
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(replica.ReceivedBodies.TryDequeue(out var received));
        Assert.Equal(body, received);
    }

    [Fact]
    public async Task Completions_StreamingResponse_PassesThroughChunkByChunk()
    {
        await using var replica = await FakeReplica.StartAsync("streamer");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);
        using var guard = TestTimeouts.HangGuard();
        using var request = new HttpRequestMessage(HttpMethod.Post, VllmRoutes.Completions)
        {
            Content = Json("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"hi\",\"stream\":true}"),
        };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        for (var i = 0; i < FakeReplica.StreamedChunks; i++)
        {
            // The replica writes chunk i + 1 only after the client has read chunk i: a buffering
            // gateway would never deliver chunk i, and the guard would fail the test.
            Assert.Equal(FakeReplica.ChunkLine("streamer", i), await reader.ReadLineAsync(guard.Token));
            Assert.Equal(string.Empty, await reader.ReadLineAsync(guard.Token));
            replica.ReleaseChunk();
        }

        Assert.Equal("data: [DONE]", await reader.ReadLineAsync(guard.Token));
    }

    [Theory]
    [InlineData("{\"model\": \"m\", \"prompt\": ", "not valid JSON")]
    [InlineData("[\"model\"]", "JSON Array")]
    [InlineData("{\"prompt\": \"hi\"}", "no \\\"model\\\" string")]
    [InlineData("{\"model\": 7}", "no \\\"model\\\" string")]
    [InlineData("", "empty")]
    public async Task Completions_UnusableBody_Returns400WithVllmErrorObject(string body, string problem)
    {
        await using var replica = await FakeReplica.StartAsync("only");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);

        using var response = await client.PostAsync(VllmRoutes.Completions, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal("error", error.GetProperty("object").GetString());
        Assert.Equal("BadRequestError", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(400, error.GetProperty("code").GetInt32());
        Assert.Contains(problem.Replace("\\\"", "\"", StringComparison.Ordinal), error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(replica.ReceivedBodies);
        Assert.Equal(1, gateway.Counters.BadRequests);
    }

    [Fact]
    public async Task Completions_NoHealthyReplica_Returns503WithErrorObject()
    {
        await using var replica = await FakeReplica.StartAsync("sick");
        replica.MetricsStatusCode = 500;
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);

        using var response = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var error = await ErrorAsync(response);
        Assert.Equal(503, error.GetProperty("code").GetInt32());
        Assert.Contains("none of the 1 replicas is healthy", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, gateway.Counters.NoHealthyReplicaRejections);
        Assert.Empty(replica.ReceivedBodies);
    }

    [Fact]
    public async Task Completions_SheddableModelAndEveryReplicaBusy_Returns429()
    {
        await using var replica = await FakeReplica.StartAsync("busy");
        replica.MetricsText = VllmMetricsText.For(waiting: 6);
        var settings = new GatewaySettings { SheddableModels = ["adapter-14"] };
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock(), settings);
        using var client = GatewayTestHost.Client(gateway);

        using var shed = await client.PostAsync(VllmRoutes.Completions, Json("{\"model\":\"adapter-14\",\"prompt\":\"x\"}"));
        using var critical = await client.PostAsync(VllmRoutes.Completions, Json("{\"model\":\"adapter-0\",\"prompt\":\"x\"}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, shed.StatusCode);
        Assert.Contains("shed", (await ErrorAsync(shed)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, critical.StatusCode);
        Assert.Equal(1, gateway.Counters.ShedRejections);
    }

    [Fact]
    public async Task Completions_ReplicaShutDown_FailsOnceThenIsRoutedAroundAfterItsScrapeFails()
    {
        var doomed = await FakeReplica.StartAsync("doomed");
        await using var survivor = await FakeReplica.StartAsync("survivor");
        doomed.MetricsText = VllmMetricsText.For(waiting: 0);
        survivor.MetricsText = VllmMetricsText.For(waiting: 50);
        await using var gateway = await GatewayTestHost.StartAsync([doomed, survivor], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);
        using var guard = TestTimeouts.HangGuard();
        await doomed.DisposeAsync();

        using var failed = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody), guard.Token);
        await gateway.Scraper.ScrapeAllAsync(guard.Token);
        using var rerouted = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody), guard.Token);

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Contains(doomed.Id, (await ErrorAsync(failed)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, gateway.Counters.ForwardErrorsOf(doomed.Id));
        Assert.Contains("HttpRequestException", gateway.Counters.LastForwardErrors[doomed.Id], StringComparison.Ordinal);
        Assert.False(gateway.Scraper.States[0].IsHealthy);
        Assert.NotNull(gateway.Scraper.Statuses[0].LastError);
        Assert.Equal(HttpStatusCode.OK, rerouted.StatusCode);
        Assert.Equal("survivor", Assert.Single(rerouted.Headers.GetValues(FakeReplica.ReplicaHeader)));
    }

    [Fact]
    public async Task Completions_RoundRobinPolicy_AlternatesWhateverTheLoad()
    {
        await using var a = await FakeReplica.StartAsync("a");
        await using var b = await FakeReplica.StartAsync("b");
        a.MetricsText = VllmMetricsText.For(waiting: 100);
        await using var gateway = await GatewayTestHost.StartAsync([a, b], GatewayTestHost.Clock(), policy: new RoundRobinPolicy());
        using var client = GatewayTestHost.Client(gateway);

        var served = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync(VllmRoutes.Completions, Json(CompletionBody));
            served.Add(Assert.Single(response.Headers.GetValues(FakeReplica.ReplicaHeader)));
        }

        Assert.Equal(["a", "b", "a", "b"], served);
    }

    [Fact]
    public async Task Models_UnionOfHealthyReplicas_IsCachedUntilTheCacheExpires()
    {
        await using var a = await FakeReplica.StartAsync("a");
        await using var b = await FakeReplica.StartAsync("b");
        a.Models = [VllmMetricsText.BaseModel, "adapter-0"];
        b.Models = [VllmMetricsText.BaseModel, "adapter-1"];
        var clock = GatewayTestHost.Clock();
        var settings = new GatewaySettings();
        await using var gateway = await GatewayTestHost.StartAsync([a, b], clock, settings);
        using var client = GatewayTestHost.Client(gateway);

        var first = await ModelIdsAsync(client);
        a.Models = [VllmMetricsText.BaseModel, "adapter-9"];
        var cached = await ModelIdsAsync(client);
        clock.Advance(settings.ModelsCacheDuration);
        var refreshed = await ModelIdsAsync(client);

        Assert.Equal([VllmMetricsText.BaseModel, "adapter-0", "adapter-1"], first);
        Assert.Equal(first, cached);
        Assert.Equal([VllmMetricsText.BaseModel, "adapter-9", "adapter-1"], refreshed);
    }

    [Fact]
    public async Task Health_AnswersByReplicaHealth()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);
        using var guard = TestTimeouts.HangGuard();

        using var healthy = await client.GetAsync(VllmRoutes.Health, guard.Token);
        replica.MetricsStatusCode = 503;
        await gateway.Scraper.ScrapeAllAsync(guard.Token);
        using var unhealthy = await client.GetAsync(VllmRoutes.Health, guard.Token);
        using var models = await client.GetAsync(VllmRoutes.Models, guard.Token);

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, models.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_Returns404WithErrorObject()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());
        using var client = GatewayTestHost.Client(gateway);

        using var response = await client.GetAsync("/v1/embeddings");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NotFoundError", (await ErrorAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Start_ListensOnLoopbackWithAnOsChosenPort()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var gateway = await GatewayTestHost.StartAsync([replica], GatewayTestHost.Clock());

        Assert.Equal("127.0.0.1", gateway.BaseAddress.Host);
        Assert.NotEqual(0, gateway.BaseAddress.Port);
        Assert.Equal(replica.Id, Assert.Single(gateway.Replicas).Id);
    }

    [Fact]
    public async Task Start_Cancelled_ThrowsAndReleasesWhatItBuilt()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            EndpointPickingGateway.StartAsync([replica.BaseAddress], new GatewaySettings(), new RoundRobinPolicy(), GatewayTestHost.Clock(), cancelled.Token));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static async Task<string[]> ModelIdsAsync(HttpClient client)
    {
        using var response = await client.GetAsync(VllmRoutes.Models);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("list", document.RootElement.GetProperty("object").GetString());
        return document.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString() ?? "(null id)").ToArray();
    }
}
