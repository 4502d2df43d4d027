using System.Text.Json;

namespace Regression.Simulation.Tests.Hosting;

/// <summary>A server-sent-event body split into its <c>data:</c> payloads, each event checked to end in a blank line.</summary>
internal static class SseStream
{
    public const string Done = "[DONE]";

    public static IReadOnlyList<string> Payloads(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var events = body[..^2].Split("\n\n");
        return events.Select(e =>
        {
            Assert.StartsWith("data: ", e, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e);
            return e["data: ".Length..];
        }).ToArray();
    }

    /// <summary>The JSON chunks before <c>[DONE]</c>, which must be the last event.</summary>
    public static IReadOnlyList<JsonElement> Chunks(string body)
    {
        var payloads = Payloads(body);
        Assert.Equal(Done, payloads[^1]);
        return payloads.Take(payloads.Count - 1).Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToArray();
    }
}
