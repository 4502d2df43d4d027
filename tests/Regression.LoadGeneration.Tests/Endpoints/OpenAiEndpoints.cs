using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Regression.LoadGeneration.Tests.Endpoints;

/// <summary>Handlers for test endpoints that answer like an OpenAI-compatible server.</summary>
internal static class OpenAiEndpoints
{
    public const string CompletionText = "Echoed completion text.";

    /// <summary>Answers at once with <see cref="CompletionText"/>; with <paramref name="usageTokens"/> as usage.completion_tokens unless null. Records each body.</summary>
    public static RequestDelegate Instant(ConcurrentQueue<ReceivedRequest> received, int? usageTokens = 7) => async context =>
    {
        received.Enqueue(await ReceivedRequest.ReadAsync(context.Request));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(CompletionJson(CompletionText, usageTokens));
    };

    /// <summary>Streams <paramref name="chunks"/> text chunks, then a usage-only chunk, then <c>data: [DONE]</c>.</summary>
    public static RequestDelegate Streaming(ConcurrentQueue<ReceivedRequest> received, int chunks) => async context =>
    {
        received.Enqueue(await ReceivedRequest.ReadAsync(context.Request));
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < chunks; i++)
        {
            await WriteEventAsync(context, $"{{\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[{{\"index\":0,\"text\":\" tok{i}\",\"finish_reason\":null}}],\"usage\":null}}");
        }

        await WriteEventAsync(context, $"{{\"id\":\"c\",\"object\":\"text_completion\",\"choices\":[],\"usage\":{{\"prompt_tokens\":5,\"completion_tokens\":{chunks},\"total_tokens\":{chunks + 5}}}}}");
        await WriteEventAsync(context, "[DONE]");
    };

    public static string CompletionJson(string text, int? usageTokens)
    {
        var usage = usageTokens is { } tokens ? $",\"usage\":{{\"prompt_tokens\":5,\"completion_tokens\":{tokens},\"total_tokens\":{tokens + 5}}}" : string.Empty;
        return $"{{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{{\"index\":0,\"text\":{JsonSerializer.Serialize(text)},\"finish_reason\":\"stop\"}}]{usage}}}";
    }

    private static async Task WriteEventAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync($"data: {data}\n\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }
}
