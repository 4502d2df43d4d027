using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Regression.LoadGeneration.Tests.Endpoints;

/// <summary>What a test endpoint received: path, headers that matter, and the body byte for byte.</summary>
internal sealed record ReceivedRequest(string Method, string Path, string? ContentType, string? UserAgent, string Body)
{
    public static async Task<ReceivedRequest> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        return new ReceivedRequest(request.Method, request.Path, request.ContentType, request.Headers.UserAgent.ToString(), body);
    }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Model => Json.GetProperty("model").GetString()!;

    public string Prompt => Json.GetProperty("prompt").GetString()!;
}
