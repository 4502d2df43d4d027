using System.Text.Json;
using System.Text.Json.Serialization;
using Regression.Core.Baselines;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Environments;
using Regression.Reporting;
using Regression.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Regression.Tests.Cases;

/// <summary>
/// Provisions the environment from testsettings.json, runs the case's sweep once (or, when
/// recording a baseline, <see cref="BaselineSettings.RecordRuns"/> times with consecutive seeds),
/// compares it with the committed baseline and writes the reports. Shared by the case's rows;
/// a failure anywhere is kept and re-thrown, with its cause, in every row.
/// </summary>
public abstract class RegressionCaseFixture(RegressionCase regressionCase, IMessageSink diagnostics) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions SweepJson = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    private Exception? failure;
    private CaseOutcome? outcome;
    private SuiteSettings? settings;

    /// <summary>The case this fixture runs.</summary>
    public RegressionCase Case => regressionCase;

    /// <summary>The settings the case ran with.</summary>
    public SuiteSettings Settings => settings ?? throw Failed();

    /// <summary>The case's outcome; throws the provisioning or run failure, with its cause, when there is none.</summary>
    public CaseOutcome Outcome => outcome ?? throw Failed();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            // The nearest testsettings.json (or REGRESSION_SETTINGS); else the repository's own,
            // for builds whose output lies outside the repository (--artifacts-path).
            settings = SettingsLoader.Load(SettingsLoader.FindFile() ?? RepositoryFiles.Path(SettingsLoader.FileName));
            outcome = await RunAsync(settings).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure must reach every row of the case, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
            Log($"{Case} could not run: {e.Message}");
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<CaseOutcome> RunAsync(SuiteSettings suite)
    {
        var caseSettings = suite.Cases.For(Case);
        var runFolder = RunFolders.For(suite.ResolvePath(suite.Output.Folder), Case.ToString());
        var progress = new ProgressLog(Path.Combine(runFolder, "progress.log"), Log);
        progress.Report($"{Case}: results go to {runFolder}");
        var store = BaselineStore.FromSettings(suite);
        await using var environment = EnvironmentFactory.Create(suite);
        var runs = new List<BaselineRun>();
        SweepResult? first = null;
        var count = suite.Baselines.Accept ? suite.Baselines.RecordRuns : 1;
        for (var i = 0; i < count; i++)
        {
            var seed = caseSettings.Seed + i;
            var lpgFolder = Path.Combine(runFolder, count == 1 ? "lpg" : $"lpg-seed-{seed}");
            var run = new CaseRun(Case, caseSettings with { Seed = seed }, lpgFolder, progress);
            var sweep = await environment.RunSweepAsync(run, CancellationToken.None).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(runFolder, count == 1 ? "sweep.json" : $"sweep-seed-{seed}.json"), JsonSerializer.Serialize(sweep, SweepJson)).ConfigureAwait(false);
            runs.Add(BaselineRun.FromSweep(sweep, seed, DateTimeOffset.UtcNow));
            first ??= sweep;
        }

        var received = store.CreateBaseline(Case, caseSettings, runs, environment.Facts);
        return await JudgeAsync(store, received, first!, runFolder, progress).ConfigureAwait(false);
    }

    private async Task<CaseOutcome> JudgeAsync(BaselineStore store, Baseline received, SweepResult sweep, string runFolder, ProgressLog progress)
    {
        BaselineVerification verification;
        try
        {
            verification = new BaselineVerifier(store, Settings.Analysis).Verify(received);
        }
        catch (Exception e) when (e is BaselineNotFoundException or BaselineIncompatibleException or BaselineFormatException)
        {
            var note = await WriteNoteAsync(runFolder, $"No comparison: {e.Message}").ConfigureAwait(false);
            return new CaseOutcome(sweep, null, e.Message, runFolder, note);
        }

        if (verification.Accepted)
        {
            var recorded = $"Recorded {received.Runs.Count} run(s) as the new baseline {verification.VerifiedPath}.";
            progress.Report($"{Case}: {recorded}");
            return new CaseOutcome(sweep, null, null, runFolder, await WriteNoteAsync(runFolder, recorded).ConfigureAwait(false));
        }

        var comparison = verification.Comparison!;
        var files = await RunReport.WriteAsync(runFolder, comparison, $"{Case}: current run vs {store.Profile} baseline", CancellationToken.None).ConfigureAwait(false);
        progress.Report($"{Case}: {Core.Reports.ComparisonHeadline.Describe(comparison)} Report: {files.Html}");
        if (verification.ReceivedPath is { } path)
        {
            progress.Report($"{Case}: this run's results are in {path}; accept them with {BaselineStore.AcceptVariable}=true");
        }

        return new CaseOutcome(sweep, comparison, null, runFolder, files.Html);
    }

    private static async Task<string> WriteNoteAsync(string runFolder, string text)
    {
        var path = Path.Combine(runFolder, Core.Reports.MarkdownReport.FileName);
        await File.WriteAllTextAsync(path, text + "\n").ConfigureAwait(false);
        return path;
    }

    private CaseFailedException Failed() => new(Case, failure);

    private void Log(string line) => diagnostics.OnMessage(new DiagnosticMessage(line));
}
