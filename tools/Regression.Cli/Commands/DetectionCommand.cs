using System.Diagnostics;
using System.Globalization;
using Regression.Core.Metrics;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>detection</c>: a benchmark of the verdict rule. Runs a case's baseline from several seeds,
/// then the unchanged system and each regression many times in virtual time, judges every run with
/// the settings' Analysis thresholds and prints, per metric and regression, the detection rate, the
/// false-alarm rate, the R² distribution and the largest per-rate worsening; then how detections and
/// false alarms move with the relative tolerance, to choose the defaults from.
/// </summary>
internal sealed class DetectionCommand : ICliCommand
{
    private const string Case = "--case";
    private const string BaselineRuns = "--baseline-runs";
    private const string Runs = "--runs";
    private const string Seconds = "--seconds";
    private const string Parallel = "--parallel";

    // The tolerance scan leaves out the request counts (prompts attempted and succeeded), first in CoreMetrics.All.
    private const int RequestCountMetrics = 2;

    // The relative tolerances the scan tries: from below the simulator's noise to above the 10 % regressions.
    private static readonly double[] ScannedTolerances = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15];

    // The confidences the noise-band scan tries, around the default 0.99.
    private static readonly double[] ScannedConfidences = [0.9, 0.95, 0.99, 0.999];

    // A baseline needs two seeds for a spread; a thousand runs of each change is far more than a
    // detection rate needs (the default is 20), and every run is a whole sweep.
    private static readonly SettingRange BaselineRunsRange = new(2, 1000);
    private static readonly SettingRange RunsRange = new(1, 1000);

    // Sweeps at once: each holds a whole sweep in memory; more than this many cores is rare.
    private static readonly SettingRange ParallelRange = new(1, 1024);

    private static readonly string[] MetricHeaders = ["attempted", "succeeded", "output tok/min", "p90 NTPOT", "p90 latency"];

    public string Name => "detection";

    public string Summary => "benchmark the verdicts: detection and false-alarm rates over many virtual sweeps";

    public string Usage => $"""
        usage: regression detection {Case} NAME [{BaselineRuns} B] [{Runs} K] [{Seconds} S] [{Parallel} N] [{SuiteSettingsOption.Name} FILE]

          {Case} NAME            {string.Join(" or ", Enum.GetNames<RegressionCase>())}: the case from the settings.
          {BaselineRuns} B       seeds in the baseline (default 5; 2 to 1000).
          {Runs} K               runs of the unchanged system and of each regression, other seeds (default 20; at most 1000).
          {Seconds} S            seconds per rate instead of the case's SecondsPerRate (at most 3600).
          {Parallel} N           sweeps at once (default: one per processor; at most 1024).
          {SuiteSettingsOption.Usage}
                                 Its Analysis section judges every run.

        Regressions: round-robin routing, decode ×1.10 and ×1.05, and for MultiLora adapter loads ×10
        and max-loras 2. Prints Markdown tables. exit codes: 0 done, 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Case, BaselineRuns, Runs, Seconds, Parallel, SuiteSettingsOption.Name }, new HashSet<string>());
        options.Required(Case);
        var regressionCase = SuiteSettingsOption.Choice(options, Case, RegressionCase.SingleWorkload);
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);
        var virtualOptions = VirtualClusterOptions.From(settings, regressionCase);
        virtualOptions = virtualOptions with { Case = virtualOptions.Case with { SecondsPerRate = VirtualSweepCommand.SecondsOption(options, virtualOptions.Case) } };
        var plan = new DetectionPlan
        {
            BaselineRuns = options.Integer(BaselineRuns, BaselineRunsRange) ?? new DetectionPlan().BaselineRuns,
            Runs = options.Integer(Runs, RunsRange) ?? new DetectionPlan().Runs,
            MaxParallelism = options.Integer(Parallel, ParallelRange) ?? Environment.ProcessorCount,
            Changes = SweepChanges.RegressionsOf(regressionCase),
        };
        Check(virtualOptions, plan);

        PromptDataset dataset;
        try
        {
            dataset = await PromptDataset.LoadAsync(virtualOptions.Case, virtualOptions.LoadGenerator, settings.RootDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetFormatException e)
        {
            throw new CommandLineException(e.Message, e);
        }

        var sweeps = plan.BaselineRuns + ((plan.Changes.Count + 1) * plan.Runs);
        await console.Error.WriteLineAsync($"Running {sweeps} virtual sweeps of {regressionCase} ({plan.MaxParallelism} at once)...").ConfigureAwait(false);
        var wall = Stopwatch.StartNew();
        var runs = await Task.Run(() => DetectionExperiment.Run(virtualOptions, dataset.Prompts, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        wall.Stop();

        var lines = Report(regressionCase, virtualOptions, plan, runs, settings.Analysis);
        lines.Add(Invariant($"{sweeps} sweeps in {wall.Elapsed.TotalSeconds:0.0} s wall."));
        foreach (var line in lines)
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static void Check(VirtualClusterOptions options, DetectionPlan plan)
    {
        try
        {
            options.Validate();
            plan.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException(e.Message, e);
        }
    }

    private static List<string> Report(RegressionCase regressionCase, VirtualClusterOptions options, DetectionPlan plan, DetectionRuns runs, AnalysisSettings analysis)
    {
        var summary = DetectionStatistics.Summarize(runs, analysis);
        var lines = new List<string>
        {
            Invariant($"## Detection: {regressionCase}, {options.Case.SecondsPerRate:0.###} s per rate, baseline of {plan.BaselineRuns} seeds, {plan.Runs} runs per change"),
            string.Empty,
            Invariant($"Analysis: Confidence {analysis.Confidence}; RelativeTolerance / MinRSquared: ") + string.Join(", ", CoreMetrics.All.Select((d, i) => $"{MetricHeaders[i]} {Thresholds(analysis.For(d.Metric))}")),
            string.Empty,
            "Runs judged Regressed (for the unchanged system: false alarms):",
            string.Empty,
        };
        lines.AddRange(Table(["change", "any metric", .. MetricHeaders], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, Count(c.Regressed, c.Runs), .. c.Metrics.Select(m => Count(m.Regressed, m.Runs))])));
        lines.AddRange(["", "Runs with at least two rates judged Worse (a two-rate rule; the R² gate left out):", ""]);
        lines.AddRange(Table(["change", .. MetricHeaders], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => Count(m.WorseAtTwoRates, m.Runs))])));
        lines.AddRange(["", "Upstream R² against the baseline mean, median / p10 (n/a: not computable):", ""]);
        lines.AddRange(Table(["change", .. MetricHeaders], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => $"{Number(m.RSquaredMedian)} / {Number(m.RSquaredP10)}")])));
        lines.AddRange(["", "Largest per-rate worsening of a run (positive = worse), median [min, max] over the runs:", ""]);
        lines.AddRange(Table(["change", .. MetricHeaders], summary.Select(c => (IReadOnlyList<string>)[c.Change.Name, .. c.Metrics.Select(m => $"{Percent(m.WorstWorseningMedian)} [{Percent(m.WorstWorseningMin)}, {Percent(m.WorstWorseningMax)}]")])));
        lines.AddRange(["", Invariant($"Tolerance scan: of {plan.Runs} runs, how many Regressed (and with the two-rate rule) when every RelativeTolerance is t (Confidence {analysis.Confidence}):"), ""]);
        lines.AddRange(ToleranceScan(runs, analysis));
        lines.AddRange(["", "Confidence scan: runs Regressed (any metric) with the configured tolerances and another Confidence:", ""]);
        lines.AddRange(Table(
            ["Confidence", .. runs.Changes.Select(c => c.Change.Name)],
            ScannedConfidences.Select(confidence => (IReadOnlyList<string>)[Number(confidence), .. DetectionStatistics.Summarize(runs, analysis with { Confidence = confidence }).Select(c => Count(c.Regressed, c.Runs))])));
        lines.Add(string.Empty);
        return lines;
    }

    private static IEnumerable<string> ToleranceScan(DetectionRuns runs, AnalysisSettings analysis)
    {
        var scans = ScannedTolerances.Select(t => (Tolerance: t, Summary: DetectionStatistics.Summarize(runs, DetectionStatistics.WithTolerance(analysis, t)))).ToArray();
        var rows = new List<IReadOnlyList<string>>();
        foreach (var definition in CoreMetrics.All.Skip(RequestCountMetrics))
        {
            foreach (var (tolerance, summary) in scans)
            {
                rows.Add([definition.DisplayName, Percent(tolerance), .. summary.Select(c => Invariant($"{c.For(definition.Metric).Regressed} ({c.For(definition.Metric).WorseAtTwoRates})"))]);
            }
        }

        return Table(["metric", "t", .. runs.Changes.Select(c => c.Change.Name)], rows);
    }

    private static IEnumerable<string> Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        yield return "| " + string.Join(" | ", headers) + " |";
        yield return "|" + string.Concat(headers.Select((_, i) => i == 0 ? "---|" : "---:|"));
        foreach (var row in rows)
        {
            yield return "| " + string.Join(" | ", row) + " |";
        }
    }

    private static string Thresholds(MetricThresholds thresholds) =>
        $"{Percent(thresholds.RelativeTolerance)} / {(thresholds.MinRSquared is { } r2 ? Number(r2) : "–")}";

    private static string Count(int count, int runs) => Invariant($"{count}/{runs}");

    private static string Number(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:0.###}");

    // Adding 0.0 turns a rounded −0 into 0, so an unchanged count prints "0 %", not "-0 %".
    private static string Percent(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{Math.Round(value * 100, 1) + 0.0:0.#} %");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
