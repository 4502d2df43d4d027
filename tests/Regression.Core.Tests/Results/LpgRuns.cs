using Regression.Core.Results;
using Regression.Core.Results.Aggregation;
using Regression.Core.Results.Lpg;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Results;

/// <summary>
/// Synthetic sweeps shaped like the two upstream regression test cases, written with
/// <see cref="LpgResultWriter"/> into the upstream download layout. Few requests per rate, so the
/// files are small; the numbers are deterministic.
/// </summary>
internal static class LpgRuns
{
    public const string Tokenizer = "meta-llama/Llama-3.1-8B-Instruct";

    public static IReadOnlyList<string> SingleWorkloadModels { get; } = ["meta-llama/Llama-3.1-8B-Instruct"];

    public static IReadOnlyList<string> Adapters { get; } = [.. Enumerable.Range(0, 15).Select(i => $"adapter-{i}")];

    public static IReadOnlyList<double> SingleWorkloadRates { get; } = [300, 310, 320, 330, 340, 350];

    public static IReadOnlyList<double> MultiLoraRates { get; } = [.. Enumerable.Range(1, 10).Select(i => 20.0 * i)];

    private static readonly DateTimeOffset FirstStart = new(2025, 5, 15, 18, 0, 0, TimeSpan.Zero);

    public static SweepResult SingleWorkload(TimeSpan startOffset = default) => Sweep(SingleWorkloadRates, SingleWorkloadModels, startOffset);

    public static SweepResult MultiLora() => Sweep(MultiLoraRates, Adapters, TimeSpan.Zero);

    /// <summary>
    /// Writes <paramref name="sweep"/> as the download script leaves it: LPG files plus the
    /// dataset and LPG's console log, under output/&lt;run_id&gt;/&lt;benchmark_id&gt;/results/json.
    /// </summary>
    /// <returns>The results/json folder.</returns>
    public static string WriteDownloadLayout(TemporaryFolder folder, string runId, string benchmarkId, SweepResult sweep)
    {
        var json = folder.Combine("output", runId, benchmarkId, "results", "json");
        LpgResultWriter.WriteSweep(json, sweep);
        File.WriteAllText(Path.Combine(json, "billsum_conversations.json"), "[\n    {\"conversations\": []}\n]");
        File.WriteAllText(Path.Combine(json, "latency-profile-2025-05-15_18-00-00.txt"), "Benchmarking request rate: 300\n");
        return json;
    }

    private static SweepResult Sweep(IReadOnlyList<double> rates, IReadOnlyList<string> models, TimeSpan startOffset) => new()
    {
        Format = ResultFormat.Lpg,
        Source = "synthetic",
        Models = models,
        Tokenizer = Tokenizer,
        Rates = [.. rates.Select((rate, i) => Rate(rate, models, FirstStart + startOffset + TimeSpan.FromMinutes(6 * i)))],
    };

    // One request per 10 req/s of rate, two per model at least; every seventh request times out.
    private static RateResult Rate(double rate, IReadOnlyList<string> models, DateTimeOffset startedAt)
    {
        var count = Math.Max((int)(rate / 10), 2 * models.Count);
        var requests = Enumerable.Range(0, count).Select(i => new RequestRecord
        {
            Model = models[i % models.Count],
            PromptTokens = 100 + i,
            OutputTokens = 10 + (i % 7),
            LatencyMs = 1000 + (13 * i) + rate,
            Error = i % 7 == 6 ? RequestErrorClass.TimeoutError : null,
            ScheduledAt = TimeSpan.FromSeconds(i / rate),
            SentAt = TimeSpan.FromSeconds(i / rate) + TimeSpan.FromMilliseconds(i % 3),
        }).ToList();
        return RateResultBuilder.Build(rate, models, requests, TimeSpan.FromSeconds((count / rate) + 2), startedAt);
    }
}
