using Regression.Core.Metrics;
using Regression.Core.Settings;
using Regression.Simulation.Virtual;
using static Regression.Cli.Commands.Detection.DetectionFormat;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// The tables of the virtual-time detection benchmark: flagged runs per variant against the target,
/// upstream's R²-only rule, and (in the full report) per-metric figures and a tolerance scan.
/// </summary>
internal static class VirtualTables
{
    // The tolerance scan leaves out the request counts (prompts attempted and succeeded), first in CoreMetrics.All.
    private const int RequestCountMetrics = 2;

    // The relative tolerances the scan tries: from below the smallest regression (5 %) to above the 10 % one.
    private static readonly double[] ScannedTolerances = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15];

    /// <summary>Why the unchanged rows of virtual time say nothing about false alarms.</summary>
    public const string NoNoise =
        "Virtual time has no system noise: run j compares each variant with a baseline of the unchanged system on the same seed j " +
        "(paired schedules, as the suite's baselines are), its replicates are identical, and the unchanged run is that very sweep, " +
        "so virtual false alarms are 0 by construction; only real time measures them.";

    /// <summary>The compact table printed beside the real-time tables: flags and the R²-only rule per variant.</summary>
    public static List<string> Beside(RegressionCase regressionCase, int runs, IReadOnlyList<ChangeDetection> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var lines = new List<string>
        {
            Invariant($"### The same rule in virtual time: {regressionCase}, {runs} runs per variant"),
            string.Empty,
            NoNoise,
            string.Empty,
        };
        lines.AddRange(Table(
            ["variant (virtual time)", "runs", "flagged", "rate [95 %]", "target", "met", .. DetectionStatistics.UpstreamRSquaredMinimums.Select(m => Invariant($"R² < {m:0.00}"))],
            summary.Select(Row)));
        lines.Add(string.Empty);
        return lines;
    }

    /// <summary>The full report of the virtual-only mode.</summary>
    public static List<string> Full(RegressionCase regressionCase, VirtualClusterOptions options, DetectionPlan plan, DetectionRuns runs, AnalysisSettings analysis, bool inconclusiveFails)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(analysis);
        var summary = DetectionStatistics.Summarize(runs, analysis, inconclusiveFails);
        var lines = new List<string>
        {
            Invariant($"## Detection in virtual time: {regressionCase}, {options.Case.SecondsPerRate:0.###} s per rate, {plan.Runs} runs per variant, baselines of {plan.BaselineRuns} replicates"),
            string.Empty,
            NoNoise,
            string.Empty,
            Invariant($"Analysis: Confidence {analysis.Confidence}; RelativeTolerance / MinRSquared: ") + string.Join(", ", MetricColumns.Metrics.Select((m, i) => $"{MetricColumns.Headers[i]} {Thresholds(analysis.For(m))}")),
            string.Empty,
            $"Runs flagged, with a 95 % {ProportionInterval.Method} interval, and upstream's R²-only rule (some core metric's R² below the minimum):",
            string.Empty,
        };
        lines.AddRange(Table(
            ["variant", "runs", "flagged", "rate [95 %]", "target", "met", .. DetectionStatistics.UpstreamRSquaredMinimums.Select(m => Invariant($"R² < {m:0.00}"))],
            summary.Select(Row)));
        lines.AddRange(["", "Runs in which each metric failed:", ""]);
        lines.AddRange(Table(["variant", .. MetricColumns.Headers], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => Count(m.Flagged, m.Runs))])));
        lines.AddRange(["", "Runs with at least two rates judged Worse (a two-rate rule; the R² gate left out):", ""]);
        lines.AddRange(Table(["variant", .. MetricColumns.Headers], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => Count(m.WorseAtTwoRates, m.Runs))])));
        lines.AddRange(["", "Upstream R² against the baseline, median / p10 (n/a: not computable):", ""]);
        lines.AddRange(Table(["variant", .. MetricColumns.Headers], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => $"{Number(m.RSquaredMedian)} / {Number(m.RSquaredP10)}")])));
        lines.AddRange(["", "Largest per-rate worsening of a run (positive = worse), median [min, max] over the runs:", ""]);
        lines.AddRange(Table(["variant", .. MetricColumns.Headers], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => $"{Percent(m.WorstWorseningMedian)} [{Percent(m.WorstWorseningMin)}, {Percent(m.WorstWorseningMax)}]")])));
        lines.AddRange([
            "",
            Invariant($"Tolerance scan: runs in which the metric failed (and with the two-rate rule) when every RelativeTolerance is t. ") +
            "With identical baseline replicates the noise band is zero, so the tolerance alone decides and no Confidence scan is shown.",
            "",
        ]);
        lines.AddRange(ToleranceScan(runs, analysis, inconclusiveFails));
        lines.Add(string.Empty);
        return lines;
    }

    private static IReadOnlyList<string> Row(ChangeDetection change)
    {
        var judged = change.Runs - change.NotComputable;
        var target = DetectionTarget.For(change.Change);
        return
        [
            change.Change.Name,
            Invariant($"{change.Runs}"),
            Count(change.Flagged, judged),
            Rate(change.Flagged, judged),
            target?.ToString() ?? "–",
            target is not null && judged > 0 ? target.Judge(ProportionInterval.Wilson(change.Flagged, judged)) : "–",
            .. change.RSquaredOnly.Select(r => Count(r.Flagged, change.Runs)),
        ];
    }

    private static IEnumerable<string> ToleranceScan(DetectionRuns runs, AnalysisSettings analysis, bool inconclusiveFails)
    {
        var scans = ScannedTolerances.Select(t => (Tolerance: t, Summary: DetectionStatistics.Summarize(runs, DetectionStatistics.WithTolerance(analysis, t), inconclusiveFails))).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var definition in CoreMetrics.All.Skip(RequestCountMetrics))
        {
            foreach (var (tolerance, summary) in scans)
            {
                rows.Add([definition.DisplayName, Percent(tolerance), .. summary.Select(c => Invariant($"{c.For(definition.Metric).Flagged} ({c.For(definition.Metric).WorseAtTwoRates})"))]);
            }
        }

        return Table(["metric", "t", .. runs.Changes.Select(c => c.Change.Name)], rows);
    }

    private static string Thresholds(MetricThresholds thresholds) =>
        $"{Percent(thresholds.RelativeTolerance)} / {(thresholds.MinRSquared is { } r2 ? Number(r2) : "–")}";
}
