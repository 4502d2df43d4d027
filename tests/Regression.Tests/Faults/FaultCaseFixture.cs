using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;
using Regression.Tests.Cases;
using Regression.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Regression.Tests.Faults;

/// <summary>
/// A small SingleWorkload case (two low rates, a few seconds each, three replicas) whose baseline
/// is recorded once, into a temporary folder, for every fault test of the class; each test then
/// runs the case with its faults against it. The temporary folder is deleted at the end.
/// </summary>
public sealed class FaultCaseFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>The case's rates (req/s): low, so that three simulated replicas serve them far below their capacity.</summary>
    public const double FirstRate = 20;

    /// <inheritdoc cref="FirstRate"/>
    public const double SecondRate = 30;

    // Seconds per rate: 60 and 90 requests, enough for a p90; short enough that the recording
    // (three runs) and four faulted runs fit in under two minutes on two cores (each run takes
    // 12-15 s: a second to build the dataset, each rate's answers drain for about two seconds).
    private const string SecondsPerRate = "3";

    // Three runs give the baseline a noise band (two would give a Student-t factor of 64).
    private const string RecordRuns = "3";

    // A whole run takes 10-20 s here; anything near this is a hang, not a slow machine.
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(2);

    private readonly string root = Path.Combine(Path.GetTempPath(), "regression-faults-" + Guid.NewGuid().ToString("N"));
    private Exception? recordingFailure;

    /// <summary>The temporary folder of baselines and run output.</summary>
    public string Root => root;

    /// <summary>The temporary baselines folder the recording wrote.</summary>
    public string BaselinesFolder => Path.Combine(root, "baselines");

    /// <summary>The repository's *.verified.json files before any run, by path.</summary>
    public IReadOnlyDictionary<string, string> RepositoryVerified { get; private set; } = new Dictionary<string, string>();

    /// <summary>How long recording the baseline took.</summary>
    public TimeSpan RecordingTime { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        RepositoryVerified = LeftBehind.RepositoryVerifiedFiles();
        var recording = await RunAsync("recording", accept: true, new Dictionary<string, string?>(), _ => { }, CancellationToken.None);
        RecordingTime = recording.Duration;
        recordingFailure = recording.Error;
        if (Directory.Exists(OutputFolder("recording")))
        {
            Directory.Delete(OutputFolder("recording"), recursive: true);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs the case against the recorded baseline with <paramref name="faults"/> (keys under <c>Faults</c>).</summary>
    public Task<FaultRun> RunAsync(string name, IReadOnlyDictionary<string, string?> faults, Action<string> onLine, CancellationToken cancellationToken)
    {
        if (recordingFailure is not null)
        {
            throw new InvalidOperationException($"The baseline could not be recorded: {recordingFailure.Message}", recordingFailure);
        }

        return RunAsync(name, accept: false, faults, onLine, cancellationToken);
    }

    /// <summary>The output folder of the run called <paramref name="name"/>.</summary>
    public string OutputFolder(string name) => Path.Combine(root, name);

    private async Task<FaultRun> RunAsync(string name, bool accept, IReadOnlyDictionary<string, string?> faults, Action<string> onLine, CancellationToken cancellationToken)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Environment:Kind"] = nameof(EnvironmentKind.Embedded),
            ["Cases:SingleWorkload:RequestRates"] = FormattableString.Invariant($"{FirstRate},{SecondRate}"),
            ["Cases:SingleWorkload:SecondsPerRate"] = SecondsPerRate,
            ["Cases:SingleWorkload:Replicas"] = "3",
            ["Baselines:Folder"] = BaselinesFolder,
            ["Baselines:Accept"] = accept ? "true" : "false",
            ["Baselines:RecordRuns"] = RecordRuns,
            ["Output:Folder"] = OutputFolder(name),
        };
        foreach (var (key, value) in faults)
        {
            overrides[$"Faults:{key}"] = value;
        }

        // The repository's settings and these overrides only: no REGRESSION__* variable of the
        // machine changes what these tests expect.
        var file = RepositoryFiles.Path(SettingsLoader.FileName);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).AddInMemoryCollection(overrides).Build();
        var settings = SettingsLoader.Bind(configuration, Path.GetDirectoryName(file)!, $"{file} with the fault tests' overrides");

        var lines = new List<string>();
        void Log(string line)
        {
            lock (lines)
            {
                lines.Add(line);
            }

            diagnostics.OnMessage(new DiagnosticMessage($"[{name}] {line}"));
            onLine(line);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await CasePipeline.RunAsync(settings, RegressionCase.SingleWorkload, Log, cancellationToken).WaitAsync(RunLimit, CancellationToken.None);
            return new FaultRun(settings, outcome, null, Snapshot(lines), Stopwatch.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // The test decides which exception was expected.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new FaultRun(settings, null, e, Snapshot(lines), Stopwatch.GetElapsedTime(started));
        }
    }

    private static string[] Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }
}
