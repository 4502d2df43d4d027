using Regression.Core.Results;
using Regression.Core.Results.Lpg;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// LPG result files for a fake run, written by the suite's own <see cref="LpgResultWriter"/> from
/// plausible numbers: every request succeeds, latency grows with the rate, each model gets its
/// share of the traffic split.
/// </summary>
public static class SyntheticLpgResults
{
    // Plausible magnitudes for Llama-3.1-8B on H100s (GIE's published sample.json and benchmark chart,
    // the inference-perf KubeCon NA 2025 demo), not a model of anything.
    private const double MeanOutputTokens = 200;
    private const double MeanInputTokens = 800;
    private const double BaseLatencyMs = 2000;
    private const double LatencyMsPerRate = 10;
    private const double DrainSeconds = 5;
    private static readonly DateTimeOffset FirstStart = new(2025, 5, 15, 18, 15, 0, TimeSpan.Zero);

    /// <summary>The files (name, bytes) LPG would write for these rates and models.</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Create(
        IReadOnlyList<double> rates, double seconds, IReadOnlyList<string> models, IReadOnlyList<double> split, string tokenizer, string prefix, string backend)
    {
        var folder = Path.Combine(Path.GetTempPath(), "fake-lpg-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = new LpgRunInfo { FilePrefix = prefix, Backend = backend, Tokenizer = tokenizer, Models = models };
            var written = rates.SelectMany((rate, i) => LpgResultWriter.WriteRate(folder, Rate(rate, i, seconds, models, split), run)).ToList();
            return written.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static RateResult Rate(double rate, int index, double seconds, IReadOnlyList<string> models, IReadOnlyList<double> split)
    {
        var requests = (int)(rate * seconds);
        var weights = split.Count == models.Count ? split : models.Select(_ => 1.0 / models.Count).ToList();
        var perModel = models.Select((m, i) => (Model: m, Requests: (int)Math.Round(requests * weights[i]))).ToList();
        return new RateResult
        {
            RequestRate = rate,
            Overall = Metrics(requests, requests, rate, seconds),
            PerModel = perModel.ToDictionary(p => p.Model, p => Metrics(p.Requests, requests, rate, seconds), StringComparer.Ordinal),
            StartedAt = FirstStart.AddMinutes(index * 10),
        };
    }

    private static ResultMetrics Metrics(int succeeded, int sent, double rate, double seconds)
    {
        var time = seconds + DrainSeconds;
        var latency = BaseLatencyMs + (LatencyMsPerRate * rate);
        return new ResultMetrics
        {
            PromptsAttempted = succeeded,
            PromptsSucceeded = succeeded,
            BenchmarkTimeSeconds = time,
            ThroughputRequestsPerSecond = sent / time,
            OutputTokensPerSecond = succeeded * MeanOutputTokens / time,
            TotalInputTokens = (long)(succeeded * MeanInputTokens),
            TotalOutputTokens = (long)(succeeded * MeanOutputTokens),
            LatencyMs = Spread(latency),
            NormalizedTimePerOutputTokenMs = Spread(latency / MeanOutputTokens),
            PerTokenLatencyMs = Spread(latency / (MeanInputTokens + MeanOutputTokens)),
            InputLength = Spread(MeanInputTokens),
            OutputLength = Spread(MeanOutputTokens),
            Errors = ErrorCounts.None,
        };
    }

    private static Distribution Spread(double mean) => new(mean, mean * 0.95, mean * 0.2, mean * 0.3, mean * 2.5, mean * 1.4, mean * 2.1);
}
