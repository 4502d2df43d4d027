using System.Text.Json;
using System.Text.Json.Serialization;
using Regression.Core.Baselines;
using Regression.Core.Reports;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Environments;
using Regression.Reporting;

namespace Regression.Tests.Cases;

/// <summary>
/// One case from settings to verdict: provision the environment, run the sweep once (or, when
/// recording a baseline, <see cref="BaselineSettings.RecordRuns"/> times on the same schedule),
/// compare it with the committed baseline and write the reports. The fixture runs it once per
/// case; tests that inject faults run it with their own settings.
/// </summary>
public static class CasePipeline
{
    private static readonly JsonSerializerOptions SweepJson = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Runs <paramref name="regressionCase"/> with <paramref name="suite"/>; progress lines go to <paramref name="log"/> and the run folder.</summary>
    public static async Task<CaseOutcome> RunAsync(SuiteSettings suite, RegressionCase regressionCase, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(log);
        var caseSettings = suite.Cases.For(regressionCase);
        var runFolder = RunFolders.For(suite.ResolvePath(suite.Output.Folder), regressionCase.ToString());
        var progress = new ProgressLog(Path.Combine(runFolder, "progress.log"), log);
        progress.Report($"{regressionCase}: results go to {runFolder}");
        var store = BaselineStore.FromSettings(suite);
        await using var environment = EnvironmentFactory.Create(suite);
        var runs = new List<BaselineRun>();
        var sweeps = new List<SweepResult>();
        var count = suite.Baselines.Accept ? suite.Baselines.RecordRuns : 1;
        for (var i = 0; i < count; i++)
        {
            // A recording replays the case's one schedule (its seed) every time: the baseline's spread is
            // then the system's own noise, and a later run of the same schedule is compared pair-wise.
            var replicate = i + 1;
            if (count > 1)
            {
                progress.Report($"{regressionCase}: recording run {replicate} of {count} (seed {caseSettings.Seed})");
            }

            var lpgFolder = Path.Combine(runFolder, count == 1 ? "lpg" : $"lpg-run-{replicate}");
            var run = new CaseRun(regressionCase, caseSettings, lpgFolder, progress);
            var sweep = await environment.RunSweepAsync(run, cancellationToken).ConfigureAwait(false);
            var sweepFile = Path.Combine(runFolder, count == 1 ? "sweep.json" : $"sweep-run-{replicate}.json");
            await File.WriteAllTextAsync(sweepFile, JsonSerializer.Serialize(sweep, SweepJson), cancellationToken).ConfigureAwait(false);
            runs.Add(BaselineRun.FromSweep(sweep, caseSettings.Seed, DateTimeOffset.UtcNow));
            sweeps.Add(sweep);
        }

        var received = store.CreateBaseline(regressionCase, caseSettings, runs, environment.Kind, environment.Facts, environment.ReplaysSchedule);
        var faults = environment.Facts.GetValueOrDefault(FaultSettings.FactName);
        var outcome = await JudgeAsync(suite, regressionCase, store, received, sweeps, runFolder, progress, faults, cancellationToken).ConfigureAwait(false);
        return outcome with { Faults = faults };
    }

    private static async Task<CaseOutcome> JudgeAsync(
        SuiteSettings suite, RegressionCase regressionCase, BaselineStore store, Baseline received, List<SweepResult> sweeps, string runFolder, ProgressLog progress,
        string? faults, CancellationToken cancellationToken)
    {
        var sweep = sweeps[0];
        BaselineVerification verification;
        try
        {
            // A recording is promoted only when every sweep passes its sanity checks; a refusal is a
            // baseline problem, so every metric row fails with it.
            verification = new BaselineVerifier(store, suite.Analysis, suite.Checks).Verify(received, sweeps);
        }
        catch (Exception e) when (e is BaselineNotFoundException or BaselineIncompatibleException or BaselineFormatException or BaselineRecordingRefusedException)
        {
            progress.Report($"{regressionCase}: {e.Message}");
            var note = await WriteNoteAsync(runFolder, $"No comparison: {e.Message}", cancellationToken).ConfigureAwait(false);
            return new CaseOutcome(sweep, null, e.Message, runFolder, note);
        }

        if (verification.Accepted)
        {
            var recorded = $"Recorded {received.Runs.Count} run(s) as the new baseline {verification.VerifiedPath}.";
            progress.Report($"{regressionCase}: {recorded}");
            return new CaseOutcome(sweep, null, null, runFolder, await WriteNoteAsync(runFolder, recorded, cancellationToken).ConfigureAwait(false));
        }

        var comparison = verification.Comparison!;
        var title = $"{regressionCase}: current run vs {store.Profile} baseline" + (faults is null ? string.Empty : $" (faults injected: {faults})");
        var files = await RunReport.WriteAsync(runFolder, comparison, title, sweep, cancellationToken).ConfigureAwait(false);
        await VerdictFile.WriteAsync(runFolder, comparison, regressionCase.ToString(), verification.Paired, cancellationToken).ConfigureAwait(false);
        progress.Report($"{regressionCase}: {Core.Reports.ComparisonHeadline.Describe(comparison)} Report: {files.Html}");
        if (verification.ReceivedPath is { } path)
        {
            progress.Report($"{regressionCase}: this run's results are in {path}; accept them with {BaselineStore.AcceptVariable}=true");
        }

        return new CaseOutcome(sweep, comparison, null, runFolder, files.Html);
    }

    private static async Task<string> WriteNoteAsync(string runFolder, string text, CancellationToken cancellationToken)
    {
        var path = Path.Combine(runFolder, Core.Reports.MarkdownReport.FileName);
        await File.WriteAllTextAsync(path, text + "\n", cancellationToken).ConfigureAwait(false);
        return path;
    }
}
