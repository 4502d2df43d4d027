using Regression.Core.Settings;
using Regression.Simulation.Virtual;
using static Regression.Cli.Commands.Detection.DetectionFormat;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// The tables of the real-time detection benchmark, computed from every recorded run of a case:
/// flagged runs per variant with a 95 % interval against the target, how often each metric failed,
/// and what upstream's R²-only rule would have flagged.
/// </summary>
internal static class RealTimeTables
{
    private const double Half = 0.5;

    /// <summary>The Markdown lines for <paramref name="runs"/> (all of one case).</summary>
    public static List<string> Render(RegressionCase regressionCase, string resultsFile, IReadOnlyList<DetectionRunRecord> runs, bool inconclusiveFails)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = DetectionVariant.Rows(regressionCase, runs)
            .Select(v => (Variant: v, Runs: runs.Where(r => r.Variant == v.Key).ToArray()))
            .ToArray();
        var processors = string.Join(", ", runs.Select(r => r.ProcessorCount).Distinct().Order());
        var lines = new List<string>
        {
            Invariant($"## Detection in real time: {regressionCase}, {runs.Count} runs in {resultsFile}"),
            string.Empty,
            $"Every run is `dotnet test --filter Category={regressionCase}` judged against the recorded baseline. Flagged = the case failed on its verdict " +
            $"(Regressed{(inconclusiveFails ? " or Inconclusive" : string.Empty)}); for the unchanged system a flag is a false alarm. " +
            $"Runs without a verdict (crash, no baseline, sanity failure, NotComputable) are counted apart, never as passes. " +
            $"Intervals: 95 % {ProportionInterval.Method}. Met: yes once the whole interval meets the target." +
            (runs.Count > 0 ? $" Processors of the machines: {processors}." : string.Empty),
            string.Empty,
        };
        lines.AddRange(Table(
            ["variant", "runs", "no verdict", "flagged", "rate [95 %]", "target", "met", "median duration"],
            rows.Select(row => Summary(row.Variant, row.Runs, inconclusiveFails))));
        lines.AddRange(["", "Runs in which each metric failed (k/n judged runs), with the median worsening and the median minimum detectable change (MDC):", ""]);
        lines.AddRange(Table(
            ["variant", .. MetricColumns.Headers],
            rows.Select(row => (IReadOnlyList<string>)[row.Variant.Name, .. MetricColumns.Metrics.Select(m => MetricCell(row.Runs, m.ToString(), inconclusiveFails))])));
        lines.AddRange(["", "Upstream's R²-only rule: runs it flags (some core metric's R² below the minimum; a metric without an R² flags nothing), over the runs with a verdict:", ""]);
        lines.AddRange(Table(
            ["variant", "runs", .. DetectionStatistics.UpstreamRSquaredMinimums.Select(m => Invariant($"R² < {m:0.00}"))],
            rows.Select(row => RSquaredRow(row.Variant, row.Runs.Where(r => RunOutcomes.Of(r, inconclusiveFails) != RunOutcome.NoVerdict).ToArray()))));
        lines.Add(string.Empty);
        return lines;
    }

    private static IReadOnlyList<string> Summary(DetectionVariant variant, DetectionRunRecord[] runs, bool inconclusiveFails)
    {
        var outcomes = runs.Select(r => RunOutcomes.Of(r, inconclusiveFails)).ToArray();
        var judged = outcomes.Count(o => o != RunOutcome.NoVerdict);
        var flagged = outcomes.Count(o => o == RunOutcome.Flagged);
        var durations = runs.Select(r => r.DurationSeconds).Order().ToArray();
        return
        [
            variant.Name,
            Invariant($"{runs.Length}"),
            Invariant($"{runs.Length - judged}"),
            Count(flagged, judged),
            Rate(flagged, judged),
            variant.Target?.ToString() ?? "–",
            variant.Target is { } target && judged > 0 ? target.Judge(ProportionInterval.Wilson(flagged, judged)) : "–",
            durations.Length > 0 ? Invariant($"{Median(durations):0} s") : "–",
        ];
    }

    private static string MetricCell(DetectionRunRecord[] runs, string metric, bool inconclusiveFails)
    {
        var entries = runs
            .Where(r => RunOutcomes.Of(r, inconclusiveFails) != RunOutcome.NoVerdict)
            .Select(r => r.Metrics.FirstOrDefault(m => m.Metric == metric))
            .OfType<SuiteMetricVerdict>()
            .ToArray();
        if (entries.Length == 0)
        {
            return "–";
        }

        var failed = entries.Count(e => RunOutcomes.OfVerdict(e.Verdict, inconclusiveFails) == RunOutcome.Flagged);
        return $"{Count(failed, entries.Length)} ({MedianPercent(entries.Select(e => e.Worsening))}, MDC {MedianPercent(entries.Select(e => e.MinimumDetectableChange))})";
    }

    private static IReadOnlyList<string> RSquaredRow(DetectionVariant variant, DetectionRunRecord[] judged) =>
    [
        variant.Name,
        Invariant($"{judged.Length}"),
        .. DetectionStatistics.UpstreamRSquaredMinimums.Select(minimum =>
        {
            var flagged = judged.Count(r => DetectionStatistics.FailsRSquaredOnly(r.Metrics.Select(m => m.RSquared), minimum));
            return $"{Count(flagged, judged.Length)} {Rate(flagged, judged.Length)}";
        }),
    ];

    private static string MedianPercent(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().Where(double.IsFinite).Order().ToArray();
        return known.Length > 0 ? Percent(Median(known)) : "n/a";
    }

    private static double Median(double[] ascending) =>
        ascending.Length % 2 == 1 ? ascending[ascending.Length / 2] : Half * (ascending[(ascending.Length / 2) - 1] + ascending[ascending.Length / 2]);
}
