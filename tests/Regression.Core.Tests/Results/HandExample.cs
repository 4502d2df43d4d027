using Regression.Core.Results.Aggregation;

namespace Regression.Core.Tests.Results;

/// <summary>
/// Six requests at 2 req/s over three models, the run behind the hand-made LPG files in
/// Data/lpg (see Data/reference/SOURCE.md), small enough to check every number by hand.
/// </summary>
/// <remarks>
/// Successes: model-a 10+5 tokens in 100 ms and 20+10 in 300 ms; org/model-b 30+20 in 400 ms.
/// Failures: org/model-b ContentTypeError, model-a TimeoutError, model-c unknown_error (so
/// model-c has no success). Scheduled every 0.5 s; sent 0, 1, 2, 3, 4 and 10 ms late.
/// Benchmark time 4 s.
/// </remarks>
internal static class HandExample
{
    public const double Rate = 2.0;

    public static IReadOnlyList<string> Models { get; } = ["model-a", "org/model-b", "model-c"];

    public static TimeSpan BenchmarkTime { get; } = TimeSpan.FromSeconds(4);

    public static DateTimeOffset StartedAt { get; } = new DateTimeOffset(2025, 5, 15, 18, 15, 0, TimeSpan.Zero).AddTicks(1_234_560);

    public static IReadOnlyList<RequestRecord> Requests { get; } =
    [
        Success("model-a", 10, 5, 100, 0, 0),
        Success("model-a", 20, 10, 300, 500, 501),
        Success("org/model-b", 30, 20, 400, 1000, 1002),
        Failure("org/model-b", RequestErrorClass.ContentTypeError, 1500, 1503),
        Failure("model-a", RequestErrorClass.TimeoutError, 2000, 2004),
        Failure("model-c", RequestErrorClass.UnknownError, 2500, 2510),
    ];

    public static RequestRecord Success(string model, int prompt, int output, double latencyMs, double scheduledMs, double sentMs) => new()
    {
        Model = model,
        PromptTokens = prompt,
        OutputTokens = output,
        LatencyMs = latencyMs,
        ScheduledAt = TimeSpan.FromMilliseconds(scheduledMs),
        SentAt = TimeSpan.FromMilliseconds(sentMs),
    };

    public static RequestRecord Failure(string model, RequestErrorClass error, double scheduledMs, double sentMs) => new()
    {
        Model = model,
        PromptTokens = 10,
        Error = error,
        ScheduledAt = TimeSpan.FromMilliseconds(scheduledMs),
        SentAt = TimeSpan.FromMilliseconds(sentMs),
    };
}
