using Regression.Core.Baselines;
using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Baselines;

/// <summary>A baseline (or a current run) and the sweeps its runs were built from, in the same order.</summary>
internal sealed record SampleRecording(Baseline Baseline, IReadOnlyList<SweepResult> Sweeps);

/// <summary>
/// Baselines of the single-workload case built from sample sweeps that pass their sanity checks:
/// every rate sent int(rate × seconds) requests, on schedule, with few failures.
/// </summary>
internal static class SampleBaselines
{
    public static readonly DateTimeOffset RecordedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static CaseSettings Settings { get; } = new CasesSettings().SingleWorkload;

    /// <summary>One run per seed; each seed shifts every measured metric by 0.2 % so the runs carry a little noise.</summary>
    public static SampleRecording Recording(BaselineStore store, params int[] seeds) => Recording(store, EnvironmentKind.Embedded, seeds);

    /// <inheritdoc cref="Recording(BaselineStore, int[])"/>
    public static SampleRecording Recording(BaselineStore store, EnvironmentKind kind, params int[] seeds)
    {
        var sweeps = seeds.Select(seed => Sweep(seed, factor: 1 + (0.002 * (seed - 2)))).ToArray();
        return Recorded(store, Settings, seeds, sweeps, kind: kind);
    }

    /// <summary>The baseline of <see cref="Recording(BaselineStore, int[])"/>.</summary>
    public static Baseline Create(BaselineStore store, params int[] seeds) => Recording(store, seeds).Baseline;

    /// <summary>A single run of the typical sweep with one metric scaled.</summary>
    public static SampleRecording CurrentRun(
        BaselineStore store, CoreMetric metric = CoreMetric.P90Latency, double factor = 1.0, EnvironmentKind kind = EnvironmentKind.Embedded) =>
        Recorded(store, Settings with { Seed = 99 }, [99], [Sweep(99, 1.0, metric, factor)], kind: kind);

    /// <summary>The baseline of <see cref="CurrentRun"/>.</summary>
    public static Baseline Current(BaselineStore store, CoreMetric metric = CoreMetric.P90Latency, double factor = 1.0) =>
        CurrentRun(store, metric, factor).Baseline;

    /// <summary>
    /// The typical sweep of <see cref="Settings"/> at <paramref name="seed"/>: counts as the settings
    /// ask, sent exactly on schedule, the measured metrics scaled by <paramref name="factor"/>.
    /// </summary>
    public static SweepResult Sweep(int seed, double factor = 1.0, CoreMetric? changed = null, double changeFactor = 1.0) =>
        Sweep(Settings, seed, (m, r) => SampleSweeps.Typical(m, r) * factor * (m == changed ? changeFactor : 1.0));

    /// <summary>A sweep of <paramref name="settings"/>' rates that passes its sanity checks, with <paramref name="value"/> as measured metrics.</summary>
    public static SweepResult Sweep(CaseSettings settings, int seed, Func<CoreMetric, double, double> value)
    {
        var sweep = SampleSweeps.Result($"embedded seed {seed}", value, [.. settings.RequestRates]);
        return sweep with
        {
            Rates = sweep.Rates.Select(rate => rate with
            {
                Overall = rate.Overall with
                {
                    PromptsAttempted = settings.RequestCount(rate.RequestRate),
                    PromptsSucceeded = settings.RequestCount(rate.RequestRate) - rate.Overall.Errors.Total,
                },
                Load = rate.Load! with { AchievedRate = rate.RequestRate },
            }).ToArray(),
        };
    }

    /// <summary>Builds the baseline of <paramref name="sweeps"/> (recorded with <paramref name="seeds"/>) as the suite does.</summary>
    public static SampleRecording Recorded(
        BaselineStore store, CaseSettings settings, IReadOnlyList<int> seeds, IReadOnlyList<SweepResult> sweeps,
        RegressionCase regressionCase = RegressionCase.SingleWorkload,
        EnvironmentKind kind = EnvironmentKind.Embedded)
    {
        var runs = seeds.Zip(sweeps, (seed, sweep) => BaselineRun.FromSweep(sweep, seed, RecordedAt.AddMinutes(seed))).ToArray();
        var baseline = store.CreateBaseline(
            regressionCase,
            settings,
            runs,
            kind,
            new Dictionary<string, string> { ["routing"] = "EndpointPicker" });
        return new SampleRecording(baseline, sweeps);
    }
}
