namespace Regression.Cli.Commands.Bench;

/// <summary>What happened to one benchmark request; times in seconds from the start of the point.</summary>
/// <param name="ScheduledAt">When the Poisson schedule said to send it.</param>
/// <param name="SentAt">When it was handed to the HTTP client.</param>
/// <param name="FirstChunkAt">When the first token arrived (streams), else when the headers did.</param>
/// <param name="EndedAt">When the whole answer was read (or the request failed).</param>
/// <param name="Status">HTTP status; 0 when none was received.</param>
/// <param name="Error">The failure (status text or exception), or null for a 200.</param>
/// <param name="ServiceMilliseconds">The replica's own time (<c>x-simulated-service-ms</c>), for whole answers.</param>
/// <param name="CompletionTokens">usage.completion_tokens, or 0.</param>
/// <param name="Direct">Sent straight to a replica instead of through the gateway.</param>
internal readonly record struct BenchSample(
    double ScheduledAt,
    double SentAt,
    double FirstChunkAt,
    double EndedAt,
    int Status,
    string? Error,
    double? ServiceMilliseconds,
    int CompletionTokens,
    bool Direct)
{
    public bool Succeeded => Error is null;

    public double Latency => EndedAt - SentAt;

    public double SendLag => SentAt - ScheduledAt;
}
