using Regression.Core.Baselines;
using Regression.Core.Metrics;
using Regression.Core.Settings;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Baselines;

/// <summary>Baselines of the single-workload case built from sample sweeps.</summary>
internal static class SampleBaselines
{
    public static readonly DateTimeOffset RecordedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static CaseSettings Settings { get; } = new CasesSettings().SingleWorkload;

    /// <summary>One run per seed; each seed shifts every metric by 0.2 % so the runs carry a little noise.</summary>
    public static Baseline Create(BaselineStore store, params int[] seeds) =>
        store.CreateBaseline(
            RegressionCase.SingleWorkload,
            Settings,
            seeds.Select(seed => Run(seed, factor: 1 + (0.002 * (seed - 2)))).ToArray(),
            new Dictionary<string, string> { ["environmentKind"] = "Embedded" });

    /// <summary>A single run of the typical sweep with one metric scaled.</summary>
    public static Baseline Current(BaselineStore store, CoreMetric metric = CoreMetric.P90Latency, double factor = 1.0) =>
        store.CreateBaseline(RegressionCase.SingleWorkload, Settings with { Seed = 99 }, [Run(99, 1.0, metric, factor)]);

    private static BaselineRun Run(int seed, double factor, CoreMetric? changed = null, double changeFactor = 1.0) =>
        BaselineRun.FromSweep(
            SampleSweeps.Result($"embedded seed {seed}", (m, r) => SampleSweeps.Typical(m, r) * factor * (m == changed ? changeFactor : 1.0), SampleSweeps.Rates),
            seed,
            RecordedAt.AddMinutes(seed));
}
