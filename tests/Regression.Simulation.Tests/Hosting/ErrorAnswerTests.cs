using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Regression.Simulation.Gateway;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Hosting;

public sealed class ErrorAnswerTests
{
    private const string Model = TestReplicaHost.BaseModel;

    [Fact]
    public async Task Completions_UnknownModel_Is404NotFoundErrorInVllmShape()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.Completions, """{"model":"adapter-9","prompt":"Hi","max_tokens":4}""");

        var error = await ErrorAsync(response, HttpStatusCode.NotFound, "NotFoundError");
        Assert.Equal("The model `adapter-9` does not exist.", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    [Fact]
    public async Task Completions_PromptPlusMaxTokensTooLong_Is400WithVllmsContextMessage()
    {
        await using var host = await TestReplicaHost.StartAsync(TestReplicaHost.FastSettings with { MaxModelLen = 64, KvCacheTokens = 4096 });

        using var response = await host.PostAsync(VllmRoutes.Completions, $$"""{"model":"{{Model}}","prompt":"Hello there","max_tokens":100}""");

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestError");
        Assert.StartsWith("This model's maximum context length is 64 tokens. However, you requested 103 tokens (3 in the messages, 100 in the completion).", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\": \"m\", \"prompt\": ", "not valid JSON")]
    [InlineData("[1, 2]", "expected an object")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"max_tokens\":4}", "\"prompt\" is required")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":7}", "\"prompt\" = 7")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"max_tokens\":\"ten\"}", "\"max_tokens\" = \"ten\": expected an integer")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"max_tokens\":0}", "max_tokens must be at least 1, got 0.")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"temperature\":-1}", "temperature must be non-negative, got -1.")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"top_p\":0}", "top_p must be in (0, 1], got 0.")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"stream\":\"yes\"}", "\"stream\" = \"yes\": expected true or false")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"stream_options\":{\"include_usage\":true}}", "Stream options can only be defined when `stream=True`.")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":[\"a\",\"b\"]}", "takes one prompt per request")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"prompt\":\"Hi\",\"n\":2}", "n = 2")]
    public async Task Completions_MalformedBody_Is400NamingTheProblem(string body, string expected)
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.Completions, body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestError");
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"max_tokens\":4}", "\"messages\" is required")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[]}", "non-empty list")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"content\":\"Hi\"}]}", "messages[0] has no \"role\"")]
    [InlineData("{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", "text parts")]
    public async Task Chat_MalformedMessages_Is400NamingTheProblem(string body, string expected)
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.ChatCompletions, body);

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "BadRequestError");
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Completions_WaitingQueueFull_Is503UntilTheQueueDrains()
    {
        var clock = new FakeTimeProvider();
        await using var host = await TestReplicaHost.StartAsync(TestReplicaHost.FastSettings with { MaxWaitingRequests = 1 }, clock);
        var body = $$"""{"model":"{{Model}}","prompt":"Hi","max_tokens":3,"ignore_eos":true,"stream":true}""";
        using var first = await host.PostForHeadersAsync(VllmRoutes.Completions, body);

        using var second = await host.PostAsync(VllmRoutes.Completions, body);
        clock.Advance(TimeSpan.FromSeconds(1));
        var firstBody = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var error = await ErrorAsync(second, HttpStatusCode.ServiceUnavailable, "ServiceUnavailableError");
        Assert.Contains("waiting queue is full", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", firstBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_AfterBadRequests_StillAnswers()
    {
        await using var host = await TestReplicaHost.StartAsync();
        foreach (var bad in new[] { "", "{", "null", "{\"prompt\":{\"a\":1}}", new string('[', 5000) })
        {
            using var refused = await host.PostAsync(VllmRoutes.Completions, bad);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using var unknownRoute = await host.Client.GetAsync("/v1/nothing-here");
        using var good = await host.PostAsync(VllmRoutes.Completions, $$"""{"model":"{{Model}}","prompt":"Hi","max_tokens":2}""");

        Assert.Equal(HttpStatusCode.NotFound, unknownRoute.StatusCode);
        Assert.Equal("{\"detail\":\"Not Found\"}", await unknownRoute.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Completions_ClientGoesAway_HostKeepsServingOthers()
    {
        var clock = new FakeTimeProvider();
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        using (var abandoned = await host.PostForHeadersAsync(VllmRoutes.Completions, $$"""{"model":"{{Model}}","prompt":"Hi","max_tokens":50,"stream":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, abandoned.StatusCode);
        }

        using var next = await host.PostForHeadersAsync(VllmRoutes.Completions, $$"""{"model":"{{Model}}","prompt":"Hello","max_tokens":3,"ignore_eos":true,"stream":true}""");
        clock.Advance(TimeSpan.FromSeconds(5));
        using var guard = TestTimeouts.HangGuard();
        var body = await next.Content.ReadAsStringAsync(guard.Token);

        Assert.Equal(3, SseStream.Chunks(body).Count);
        Assert.Equal(0, host.Replica.Snapshot().Running + host.Replica.Snapshot().Waiting);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.Clone();
        Assert.Equal("error", error.GetProperty("object").GetString());
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal((int)status, error.GetProperty("code").GetInt32());
        return error;
    }
}
