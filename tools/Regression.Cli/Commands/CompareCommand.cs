using System.Globalization;
using Regression.Core.Analysis;
using Regression.Core.Reports;
using Regression.Core.Results;
using Regression.Core.Settings;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>compare</c>: what the upstream notebook meant to do, done right. Reads "before" and "after"
/// result folders (LPG, legacy LPG or inference-perf), prints R² and per-rate deltas per core
/// metric with a direction-aware verdict, and writes report.md.
/// </summary>
/// <remarks>
/// Bad input (exit 2) is found before anything is printed or written: unreadable or impossible
/// results, inference-perf mixed with LPG (unless allowed), nothing to compare, a report folder that
/// cannot be written or already holds a report. A run that exits 2 prints no verdict and leaves no report.
/// </remarks>
internal sealed class CompareCommand(TimeProvider timeProvider) : ICliCommand
{
    private const string Before = "--before";
    private const string After = "--after";
    private const string ReportFolder = "--report-dir";
    private const string Settings = "--settings";
    private const string AllowMixedFormats = "--allow-mixed-formats";

    public string Name => "compare";

    public string Summary => "compare result folders (before vs after): R², per-rate deltas, verdict, report.md";

    public string Usage => $"""
        usage: regression compare {Before} DIR [{Before} DIR ...] {After} DIR [{ReportFolder} DIR] [{Settings} FILE] [{AllowMixedFormats}]

          {Before} DIR      the baseline: a folder of LPG or inference-perf results (or the upstream
                           download layout <run_id>/<benchmark_id>/results/json). Give it several
                           times for repeated runs: their spread becomes the noise band.
          {After} DIR       the run to judge, in the same format.
          {ReportFolder} DIR  where report.md goes (default: a new folder <Output:Folder>/compare-<timestamp>
                           from testsettings.json, numbered -2, -3 … when another run has that name);
                           a folder that holds a report.md already is refused: a report is never overwritten.
          {Settings} FILE   thresholds from this settings file (default: the nearest
                           testsettings.json, else the built-in defaults).
          {AllowMixedFormats}
                           compare inference-perf with LPG results although their NTPOT metrics differ
                           (inference-perf: time per output token; LPG: latency ÷ output tokens);
                           refused without it. The console and report.md then carry a warning.

        A core metric a file has no value for (NaN, null or missing) at a rate is dropped for that
        metric at that rate, as the upstream notebook drops NaN pairs; the output names each one.
        Impossible values (negative times or counts, more successes than attempts) are bad input.

        A metric worse on average than its tolerance but inside the baseline's noise band is
        inconclusive: it fails like a regression unless Analysis:InconclusiveFails is false.

        exit codes: 0 no metric failed, 1 a metric regressed (or is inconclusive), 2 bad input
        (one-line reason; no verdict printed, no report written).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Before, After, ReportFolder, Settings }, new HashSet<string> { AllowMixedFormats });
        var beforeFolders = options.All(Before);
        if (beforeFolders.Count == 0)
        {
            throw new CommandLineException($"option {Before} is required");
        }

        var afterFolder = options.Required(After);
        var reportFolder = options.Single(ReportFolder);
        var settings = await LoadSettingsAsync(options.Single(Settings), console).ConfigureAwait(false);
        IReadOnlyList<SweepResult> before = beforeFolders.Select(ReadFolder).ToList();
        var after = ReadFolder(afterFolder);
        if (InputFormats.Of(before, after).MixDescription is { } mix && !options.Has(AllowMixedFormats))
        {
            throw new CommandLineException($"{mix}; compare inference-perf only with inference-perf, or pass {AllowMixedFormats} to compare anyway");
        }

        var comparison = SweepComparer.Compare(before, after, settings.Analysis);
        if (comparison.Verdict == Verdict.NotComputable)
        {
            throw new CommandLineException(NothingToCompare(comparison, before, after));
        }

        // Everything that can make this run bad input is checked before the verdict is printed:
        // a verdict on screen followed by exit code 2 would be read as a judgement by some and as an error by others.
        await using var report = reportFolder is null
            ? CompareReportFile.ClaimNew(settings.ResolvePath(settings.Output.Folder), DefaultReportFolderName())
            : CompareReportFile.ClaimIn(reportFolder, ReportFolder);
        await console.Out.WriteAsync(ConsoleSummary.Render(comparison)).ConfigureAwait(false);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.WriteAsync(ConsoleDeltaTable.Render(comparison)).ConfigureAwait(false);

        var title = $"{Describe(before)} → {after.Source}";
        await report.WriteAsync(MarkdownReport.Render(comparison, title), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"{Environment.NewLine}Report: {report.Path}").ConfigureAwait(false);

        return comparison.Passed ? ExitCodes.Success : ExitCodes.Regressed;
    }

    // Why a comparison judged nothing for some metric: the folders share no rate, or a metric has
    // no rate with a value on both sides (its values were dropped).
    private static string NothingToCompare(SweepComparison comparison, IReadOnlyList<SweepResult> before, SweepResult after)
    {
        if (!before.Any(b => b.Rates.Any(r => after.At(r.RequestRate) is not null)))
        {
            return $"nothing to compare: the folders share no request rate (before: {Rates(before.SelectMany(b => b.Rates))}; after: {Rates(after.Rates)})";
        }

        var blind = comparison.Metrics.Where(m => m.Verdict == Verdict.NotComputable).Select(m =>
            DroppedValuesText.Lines(m) is { Count: > 0 } dropped
                ? $"{m.Definition.DisplayName} has no request rate with a value on both sides ({string.Join("; ", dropped)})"
                : $"{m.Definition.DisplayName} has no request rate with a value on both sides");
        return "nothing to compare: " + string.Join("; ", blind);
    }

    private static string Rates(IEnumerable<RateResult> rates) =>
        string.Join(", ", rates.Select(r => r.RequestRate).Order().Select(RequestRates.ToLabel).Distinct(StringComparer.Ordinal)) + " req/s";

    private static async Task<SuiteSettings> LoadSettingsAsync(string? file, CliConsole console)
    {
        file ??= SettingsLoader.FindFile();
        if (file is null)
        {
            await console.Error.WriteLineAsync($"No {SettingsLoader.FileName} found; using the built-in thresholds.").ConfigureAwait(false);
            return new SuiteSettings();
        }

        try
        {
            return SettingsLoader.Load(file);
        }
        catch (SettingsException e)
        {
            throw new CommandLineException($"{e.Source}: {string.Join("; ", e.Problems)}", e);
        }
    }

    private static SweepResult ReadFolder(string folder)
    {
        try
        {
            return ResultFolderReader.Read(folder);
        }
        catch (ResultFormatException e)
        {
            throw new CommandLineException(e.Message, e);
        }
    }

    private string DefaultReportFolderName() =>
        "compare-" + timeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    private static string Describe(IReadOnlyList<SweepResult> before) =>
        before.Count == 1 ? before[0].Source : $"{before.Count} baseline runs ({string.Join(", ", before.Select(b => Path.GetFileName(b.Source)))})";
}
