using Regression.Core.Reports;
using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Simulation.Virtual;
using static Regression.Cli.Commands.Detection.DetectionFormat;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// Runs the real suite as a user does, once per variant and round: builds the test project once,
/// then <c>dotnet test &lt;project&gt; -m:1 --no-build --filter Category=&lt;case&gt;</c> with the
/// variant's settings as <c>REGRESSION__*</c> overrides and a fresh output folder, reads the
/// case's <c>verdict.json</c> and appends one line to the results file. A run without a verdict is
/// recorded as such, with the end of its output, never as a pass.
/// </summary>
internal sealed class RealTimeRunner(IProcessRunner processes, TimeProvider time, CliConsole console)
{
    private const string Dotnet = "dotnet";
    private const string OneNode = "-m:1";

    /// <summary>Runs <paramref name="plan"/> under <paramref name="settings"/>.</summary>
    /// <exception cref="CommandLineException">The test project does not build.</exception>
    public async Task RunAsync(RealTimePlan plan, SuiteSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(settings);
        if (plan.Runs == 0)
        {
            return;
        }

        var common = CommonEnvironment(plan);
        await console.Error.WriteLineAsync($"Building {plan.Project}...").ConfigureAwait(false);
        var build = await processes.RunAsync(new(Dotnet, ["build", plan.Project, OneNode], plan.WorkingDirectory, common), cancellationToken).ConfigureAwait(false);
        if (build.ExitCode != 0)
        {
            throw new CommandLineException($"dotnet build {plan.Project} failed with exit code {build.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, build.LastLines)}");
        }

        for (var round = 1; round <= plan.Runs; round++)
        {
            foreach (var variant in plan.Variants)
            {
                var record = await RunOnceAsync(plan, settings, variant, common, cancellationToken).ConfigureAwait(false);
                await DetectionResultsFile.AppendAsync(plan.ResultsFile, record, cancellationToken).ConfigureAwait(false);
                var outcome = record.Verdict is { } verdict ? verdict.ToUpperInvariant() : Invariant($"NO VERDICT (exit code {record.ExitCode})");
                await console.Error.WriteLineAsync(Invariant($"run {round}/{plan.Runs} {variant.Name}: {outcome} in {record.DurationSeconds:0} s")).ConfigureAwait(false);
                if (record.Error is { } error)
                {
                    await console.Error.WriteLineAsync(error).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>The <c>REGRESSION__*</c> variable of a settings key (<c>Simulator:StepBaseMilliseconds</c>).</summary>
    public static string VariableOf(string key) => SettingsLoader.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);

    private static Dictionary<string, string> CommonEnvironment(RealTimePlan plan)
    {
        // A benchmark run must never record a baseline, whatever the caller's environment says.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [BaselineStore.AcceptVariable] = "false" };
        if (plan.SettingsFile is { } file)
        {
            environment[SettingsLoader.FileVariable] = file;
        }

        return environment;
    }

    private async Task<DetectionRunRecord> RunOnceAsync(
        RealTimePlan plan, SuiteSettings settings, SweepChange variant, Dictionary<string, string> common, CancellationToken cancellationToken)
    {
        var output = Path.Combine(Path.GetTempPath(), "regression-detection", Path.GetRandomFileName());
        var overrides = variant.SettingsOverrides(settings, plan.Case).ToDictionary(o => VariableOf(o.Key), o => o.Value, StringComparer.Ordinal);
        var environment = new Dictionary<string, string>(common, StringComparer.Ordinal) { [VariableOf($"{nameof(SuiteSettings.Output)}:{nameof(OutputSettings.Folder)}")] = output };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        var started = time.GetUtcNow();
        var timestamp = time.GetTimestamp();
        var run = await processes.RunAsync(
            new(Dotnet, ["test", plan.Project, OneNode, "--no-build", "--filter", $"Category={plan.Case}"], plan.WorkingDirectory, environment),
            cancellationToken).ConfigureAwait(false);
        var duration = time.GetElapsedTime(timestamp);

        VerdictFileContent? verdict = null;
        string? problem;
        try
        {
            verdict = await SuiteVerdict.FindAsync(output, plan.Case.ToString(), cancellationToken).ConfigureAwait(false);
            problem = verdict is null ? $"no {VerdictFile.FileName} under {output}" : null;
        }
        catch (InvalidDataException e)
        {
            problem = e.Message;
        }

        if (problem is null)
        {
            Directory.Delete(output, recursive: true);
        }

        return new DetectionRunRecord
        {
            Case = plan.Case.ToString(),
            Variant = variant.Key,
            Timestamp = started,
            DurationSeconds = duration.TotalSeconds,
            ExitCode = run.ExitCode,
            Verdict = verdict?.Verdict.ToString(),
            Paired = verdict?.Paired,
            Error = problem is null ? null : $"{problem} (exit code {run.ExitCode}); last lines of its output:{Environment.NewLine}{string.Join(Environment.NewLine, run.LastLines)}",
            ProcessorCount = Environment.ProcessorCount,
            Overrides = overrides,
            Metrics = verdict is null ? [] : SuiteVerdict.Metrics(verdict),
        };
    }
}
