using System.Net;
using System.Text.Json;
using Regression.Core.Tokenization;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class CompletionEndpointTests
{
    private const string Prompt = "Summarize the following text: the committee met on Tuesday to discuss the budget.";

    [Fact]
    public async Task Completions_Whole_HasVllmShapeAndUsage()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.Completions, Body(maxTokens: 8, ignoreEos: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains(SimulatorHeaders.ServiceMilliseconds));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.StartsWith("cmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("text_completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 0);
        Assert.Equal(TestReplicaHost.BaseModel, root.GetProperty("model").GetString());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("text").GetString()));
        var usage = root.GetProperty("usage");
        Assert.Equal(TokenCounter.StandIn.Count(Prompt), usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(8, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 8, usage.GetProperty("total_tokens").GetInt32());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(37)]
    [InlineData(300)]
    public async Task Completions_Text_RetokenizesToCompletionTokensPlusBeginOfText(int maxTokens)
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.Completions, Body(maxTokens: maxTokens, ignoreEos: false));

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var completionTokens = json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32();
        var text = json.RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
        Assert.InRange(completionTokens, 1, maxTokens);
        Assert.Equal(completionTokens + TokenCounter.BeginOfTextTokens, TokenCounter.StandIn.Count(text));
    }

    [Fact]
    public async Task Chat_Whole_HasAssistantMessageAndTemplateCountedPrompt()
    {
        await using var host = await TestReplicaHost.StartAsync();
        const string system = "You are a helpful assistant.";
        const string user = "Name three rivers in Europe.";

        using var response = await host.PostAsync(
            VllmRoutes.ChatCompletions,
            $$"""{"model":"{{TestReplicaHost.BaseModel}}","messages":[{"role":"system","content":"{{system}}"},{"role":"user","content":[{"type":"text","text":"{{user}}"}]}],"max_completion_tokens":5,"ignore_eos":true,"temperature":0.7,"top_p":0.9}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.StartsWith("chatcmpl-", root.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray());
        var message = choice.GetProperty("message");
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal(5 + 1, TokenCounter.StandIn.Count(message.GetProperty("content").GetString()!));
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        var expectedPrompt = 1 + ChatPrompt.GenerationPromptTokens + (2 * ChatPrompt.TokensPerMessage)
            + TokenCounter.StandIn.Count(system) - 1 + TokenCounter.StandIn.Count(user) - 1;
        Assert.Equal(expectedPrompt, root.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_Stream_OneChunkPerTokenThenUsageThenDone()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(VllmRoutes.Completions, Body(maxTokens: 12, ignoreEos: true, stream: true, includeUsage: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = SseStream.Chunks(await response.Content.ReadAsStringAsync());
        var usageChunk = chunks[^1];
        Assert.Empty(usageChunk.GetProperty("choices").EnumerateArray());
        Assert.Equal(12, usageChunk.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var tokens = chunks.Take(chunks.Count - 1).ToArray();
        Assert.Equal(12, tokens.Length);
        Assert.All(tokens, t => Assert.Equal("text_completion", t.GetProperty("object").GetString()));
        Assert.All(tokens[..^1], t => Assert.Equal(JsonValueKind.Null, t.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.Equal("length", tokens[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var text = string.Concat(tokens.Select(t => t.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(12 + 1, TokenCounter.StandIn.Count(text));
    }

    [Fact]
    public async Task Chat_Stream_OpensWithRoleAndEndsWithDoneWithoutUsageWhenNotAsked()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(
            VllmRoutes.ChatCompletions,
            $$"""{"model":"{{TestReplicaHost.BaseModel}}","messages":[{"role":"user","content":"Hi"}],"max_tokens":4,"ignore_eos":true,"stream":true}""");

        var chunks = SseStream.Chunks(await response.Content.ReadAsStringAsync());
        Assert.Equal(1 + 4, chunks.Count);
        var opening = chunks[0].GetProperty("choices")[0].GetProperty("delta");
        Assert.Equal("assistant", opening.GetProperty("role").GetString());
        Assert.Equal(string.Empty, opening.GetProperty("content").GetString());
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.All(chunks, c => Assert.False(c.TryGetProperty("usage", out _)));
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Completions_MaxTokensAbsent_GeneratesUpToTheContextLength()
    {
        await using var host = await TestReplicaHost.StartAsync(TestReplicaHost.FastSettings with { MaxModelLen = 40, KvCacheTokens = 4096 });
        var promptTokens = TokenCounter.StandIn.Count(Prompt);

        using var response = await host.PostAsync(VllmRoutes.Completions, $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"{{Prompt}}","ignore_eos":true}""");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(40 - promptTokens, json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Completions_SameRequestId_SameAnswerAndEchoedId()
    {
        await using var host = await TestReplicaHost.StartAsync();
        var answers = new List<JsonElement>();

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, VllmRoutes.Completions) { Content = TestReplicaHost.Json(Body(maxTokens: 200, ignoreEos: false)) };
            request.Headers.Add("X-Request-Id", "4711");
            using var response = await host.Client.SendAsync(request);
            answers.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        Assert.Equal("cmpl-4711", answers[0].GetProperty("id").GetString());
        Assert.Equal(answers[0].GetProperty("usage").GetRawText(), answers[1].GetProperty("usage").GetRawText());
        Assert.Equal(answers[0].GetProperty("choices")[0].GetProperty("text").GetString(), answers[1].GetProperty("choices")[0].GetProperty("text").GetString());
    }

    private static string Body(int maxTokens, bool ignoreEos, bool stream = false, bool includeUsage = false)
    {
        var streamOptions = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : string.Empty;
        return $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"{{Prompt}}","n":1,"best_of":1,"use_beam_search":false,"temperature":1.0,"top_p":1.0,"max_tokens":{{maxTokens}},"ignore_eos":{{(ignoreEos ? "true" : "false")}},"stream":{{(stream ? "true" : "false")}}{{streamOptions}}}""";
    }
}
