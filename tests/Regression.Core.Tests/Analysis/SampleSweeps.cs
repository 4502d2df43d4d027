using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Results;

using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

/// <summary>Plausible single-workload sweeps for comparison tests, and ways to change them.</summary>
internal static class SampleSweeps
{
    public static double[] Rates { get; } = [300, 310, 320, 330, 340, 350];

    /// <summary>Counts = rate × 20 s; throughput and latencies rise gently with the rate.</summary>
    /// <summary>
    /// Default thresholds, except that one worse rate fails a metric: the per-rate rule's own
    /// semantics, tested apart from the two-rate default and the whole-sweep shift.
    /// </summary>
    public static AnalysisSettings PerRateSettings { get; } = WithMinWorseRates(new AnalysisSettings(), 1);

    public static AnalysisSettings WithMinWorseRates(AnalysisSettings settings, int minimum) => settings with
    {
        PromptsAttempted = settings.PromptsAttempted with { MinWorseRates = minimum },
        PromptsSucceeded = settings.PromptsSucceeded with { MinWorseRates = minimum },
        OutputTokensPerMinute = settings.OutputTokensPerMinute with { MinWorseRates = minimum },
        P90NormalizedTimePerOutputToken = settings.P90NormalizedTimePerOutputToken with { MinWorseRates = minimum },
        P90Latency = settings.P90Latency with { MinWorseRates = minimum },
    };

    public static double Typical(CoreMetric metric, double rate) => metric switch
    {
        CoreMetric.PromptsAttempted => rate * 20,
        CoreMetric.PromptsSucceeded => rate * 20,
        CoreMetric.OutputTokensPerMinute => rate * 60 * 150,
        CoreMetric.P90NormalizedTimePerOutputToken => 20 + ((rate - 300) * 0.05),
        CoreMetric.P90Latency => 4000 + ((rate - 300) * 20),
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public static SweepValues Run(string label, Func<CoreMetric, double, double> value, params double[] rates) =>
        new(label, rates.Select(r => new RateValues(r, CoreMetricValues.Create(m => value(m, r)))).ToArray());

    public static SweepValues TypicalRun(string label = "current") => Run(label, Typical, Rates);

    /// <summary>Three runs at (1 − spread, 1, 1 + spread) × typical: mean = typical, relative sd = spread.</summary>
    public static IReadOnlyList<SweepValues> Baseline(double spread) =>
        new[] { 1 - spread, 1.0, 1 + spread }
            .Select((factor, i) => Run($"baseline-{i}", (m, r) => Typical(m, r) * factor, Rates))
            .ToArray();

    /// <summary>Multiplies one metric by <paramref name="factor"/>, at one rate or at all.</summary>
    public static SweepValues Scale(this SweepValues run, CoreMetric metric, double factor, double? atRate = null) =>
        run with
        {
            Rates = run.Rates.Select(r => atRate is { } only && !RequestRates.AreSame(only, r.RequestRate)
                ? r
                : r with { Values = CoreMetricValues.Create(m => m == metric ? r.Values.Get(m) * factor : r.Values.Get(m)) }).ToArray(),
        };

    /// <summary>Sets one metric at one rate.</summary>
    public static SweepValues With(this SweepValues run, CoreMetric metric, double rate, double value) =>
        run with
        {
            Rates = run.Rates.Select(r => !RequestRates.AreSame(rate, r.RequestRate)
                ? r
                : r with { Values = CoreMetricValues.Create(m => m == metric ? value : r.Values.Get(m)) }).ToArray(),
        };

    /// <summary>Drops a rate.</summary>
    public static SweepValues Without(this SweepValues run, double rate) =>
        run with { Rates = run.Rates.Where(r => !RequestRates.AreSame(rate, r.RequestRate)).ToArray() };

    /// <summary>A normalized sweep whose overall buckets carry <paramref name="value"/>, with a few errors and a load record.</summary>
    public static SweepResult Result(string source, Func<CoreMetric, double, double> value, params double[] rates) => new()
    {
        Format = ResultFormat.Lpg,
        Source = source,
        Rates = rates.Select(rate => new RateResult
        {
            RequestRate = rate,
            Overall = Metrics(m => value(m, rate)),
            Load = new LoadAccuracy(rate, rate, rate * 0.99, 20, Distribution.Zero, null),
        }).ToArray(),
    };

    private static ResultMetrics Metrics(Func<CoreMetric, double> value) => new()
    {
        PromptsAttempted = (int)value(CoreMetric.PromptsAttempted),
        PromptsSucceeded = (int)value(CoreMetric.PromptsSucceeded),
        BenchmarkTimeSeconds = 21.5,
        ThroughputRequestsPerSecond = value(CoreMetric.PromptsAttempted) / 21.5,
        OutputTokensPerSecond = value(CoreMetric.OutputTokensPerMinute) / 60,
        TotalInputTokens = 1_000_000,
        TotalOutputTokens = 200_000,
        LatencyMs = Distribution.Zero with { P90 = value(CoreMetric.P90Latency) },
        NormalizedTimePerOutputTokenMs = Distribution.Zero with { P90 = value(CoreMetric.P90NormalizedTimePerOutputToken) },
        Errors = ErrorCounts.None with { TimeoutError = 2, UnknownError = 1 },
    };
}
