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
internal sealed class CompareCommand(TimeProvider timeProvider) : ICliCommand
{
    private const string Before = "--before";
    private const string After = "--after";
    private const string ReportFolder = "--report-dir";
    private const string Settings = "--settings";

    public string Name => "compare";

    public string Summary => "compare result folders (before vs after): R², per-rate deltas, verdict, report.md";

    public string Usage => $"""
        usage: regression compare {Before} DIR [{Before} DIR ...] {After} DIR [{ReportFolder} DIR] [{Settings} FILE]

          {Before} DIR      the baseline: a folder of LPG or inference-perf results (or the upstream
                           download layout <run_id>/<benchmark_id>/results/json). Give it several
                           times for repeated runs: their spread becomes the noise band.
          {After} DIR       the run to judge, in the same format.
          {ReportFolder} DIR  where report.md goes (default: <Output:Folder>/compare-<timestamp>
                           from testsettings.json); an existing report.md is never overwritten.
          {Settings} FILE   thresholds from this settings file (default: the nearest
                           testsettings.json, else the built-in defaults).

        exit codes: 0 no metric regressed, 1 a metric regressed, 2 bad input (one-line reason).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Before, After, ReportFolder, Settings }, new HashSet<string>());
        var beforeFolders = options.All(Before);
        if (beforeFolders.Count == 0)
        {
            throw new CommandLineException($"option {Before} is required");
        }

        var afterFolder = options.Required(After);
        var settings = await LoadSettingsAsync(options.Single(Settings), console).ConfigureAwait(false);
        IReadOnlyList<SweepResult> before = beforeFolders.Select(ReadFolder).ToList();
        var after = ReadFolder(afterFolder);

        var comparison = SweepComparer.Compare(before, after, settings.Analysis);
        await console.Out.WriteAsync(ConsoleSummary.Render(comparison)).ConfigureAwait(false);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.WriteAsync(ConsoleDeltaTable.Render(comparison)).ConfigureAwait(false);

        var folder = options.Single(ReportFolder) ?? DefaultReportFolder(settings);
        var report = Path.Combine(folder, MarkdownReport.FileName);
        if (File.Exists(report))
        {
            throw new CommandLineException($"{report} already exists; choose another {ReportFolder}");
        }

        var title = $"{Describe(before)} → {after.Source}";
        var written = await MarkdownReport.WriteAsync(folder, comparison, title, cancellationToken).ConfigureAwait(false);
        await console.Out.WriteLineAsync($"{Environment.NewLine}Report: {written}").ConfigureAwait(false);

        return comparison.Verdict switch
        {
            Verdict.Regressed => ExitCodes.Regressed,
            Verdict.NotComputable => throw new CommandLineException(
                $"nothing to compare: the folders share no request rate ({ComparisonHeadline.Describe(comparison)})"),
            _ => ExitCodes.Success,
        };
    }

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

    private string DefaultReportFolder(SuiteSettings settings) =>
        Path.Combine(
            settings.ResolvePath(settings.Output.Folder),
            "compare-" + timeProvider.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    private static string Describe(IReadOnlyList<SweepResult> before) =>
        before.Count == 1 ? before[0].Source : $"{before.Count} baseline runs ({string.Join(", ", before.Select(b => Path.GetFileName(b.Source)))})";
}
