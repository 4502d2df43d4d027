using Regression.Cli.Commands.Detection;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Virtual;
using static Regression.Cli.Commands.Detection.DetectionFormat;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>detection</c>: a benchmark of the verdict rule. With <c>--real-time</c> it runs the real suite
/// repeatedly with documented variants, appends every run to a results file and prints detection and
/// false-alarm rates over all recorded runs, with the virtual-time figures of the same rule beside
/// them. Without it, it runs the variants many times in virtual time only (paired seeds) and prints
/// the fuller virtual report with a tolerance scan.
/// </summary>
internal sealed class DetectionCommand(IProcessRunner processes, TimeProvider time) : ICliCommand
{
    private const string Case = "--case";
    private const string RealTime = "--real-time";
    private const string Runs = "--runs";
    private const string Variants = "--variants";
    private const string Results = "--results";
    private const string Project = "--project";
    private const string VirtualRuns = "--virtual-runs";
    private const string BaselineRuns = "--baseline-runs";
    private const string Seconds = "--seconds";
    private const string Parallel = "--parallel";

    private const string DefaultProject = "tests/Regression.Tests";
    private const string DefaultResultsFolder = "TestResults/detection";
    private const int DefaultRealTimeRuns = 1;
    private const int DefaultVirtualRuns = 200;

    // Each real-time run takes minutes, each virtual one a whole sweep: a thousand is far beyond
    // what a rate with a 95 % interval needs and bounds a mistyped count.
    private static readonly SettingRange RealTimeRunsRange = new(0, 1000);
    private static readonly SettingRange VirtualRunsRange = new(1, 1000);
    private static readonly SettingRange BesideRunsRange = new(0, 1000);
    private static readonly SettingRange BaselineRunsRange = new(1, 1000);

    // Sweeps at once: each holds a whole sweep in memory; more than this many cores is rare.
    private static readonly SettingRange ParallelRange = new(1, 1024);

    public DetectionCommand()
        : this(new SystemProcessRunner(), TimeProvider.System)
    {
    }

    public string Name => "detection";

    public string Summary => "benchmark the verdicts: detection and false-alarm rates in real time (runs accumulate in a file) and virtual time";

    public string Usage => $"""
        usage: regression detection {Case} NAME {RealTime} [{Runs} K] [{Variants} a,b,...] [{Results} FILE] [{Project} PATH] [{VirtualRuns} N] [{Parallel} N] [{SuiteSettingsOption.Name} FILE]
               regression detection {Case} NAME [{Runs} K] [{Variants} a,b,...] [{BaselineRuns} B] [{Seconds} S] [{Parallel} N] [{SuiteSettingsOption.Name} FILE]

          {Case} NAME            {string.Join(" or ", Enum.GetNames<RegressionCase>())}: the case from the settings.
          {RealTime}            run the real suite: per run `dotnet test PROJECT -m:1 --no-build --filter Category=NAME`
                                 (built once first with `dotnet build PROJECT -m:1`), with a fresh temporary
                                 REGRESSION__Output__Folder, REGRESSION__Baselines__Accept=false and the variant's
                                 REGRESSION__* overrides; reads the case's verdict.json. Needs a recorded baseline.
          {Runs} K               real time: runs of each variant in this invocation, interleaved (default {DefaultRealTimeRuns};
                                 0 to 1000; 0 prints the tables from {Results} only). Virtual time: runs (seeds) of each
                                 variant (default {DefaultVirtualRuns}; 1 to 1000).
          {Variants} a,b,...     the variants to run (default: all of the case's):
                                   unchanged         nothing changed (a flag is a false alarm; target ≤ 1 %)
                                   decode-1.05       Simulator step costs (StepBaseMilliseconds, StepPerSequenceMicroseconds,
                                                     StepPerContextTokenMicroseconds) × 1.05 (target ≥ 95 %)
                                   decode-1.10       the same × 1.10 (target ≥ 99 %)
                                   round-robin       Gateway:Policy = RoundRobin (target ≥ 99 %)
                                   max-loras-2       MultiLora only: Cases:MultiLora:MaxLoras = 2 (target ≥ 99 %)
                                   adapter-loads-10  MultiLora only: adapter loads 10 times slower (AdapterLoadMilliseconds × 10,
                                                     AdapterLoadGigabytesPerSecond ÷ 10; no target)
                                 Overrides are computed from the loaded settings, by the same definition the virtual runs use.
          {Results} FILE         real time: the JSON Lines file each run is appended to (default
                                 {DefaultResultsFolder}/<case>.jsonl under the settings file's folder). Tables count every line
                                 of the case in it, so runs accumulate across invocations.
          {Project} PATH         real time: the test project (default {DefaultProject} under the settings file's folder).
          {VirtualRuns} N        real time: virtual runs per variant for the figures printed beside (default {DefaultVirtualRuns}; 0 skips them).
          {BaselineRuns} B       virtual time: replicates in each baseline (default Baselines:RecordRuns; 1 to 1000).
          {Seconds} S            virtual time: seconds per rate instead of the case's SecondsPerRate (at most 3600).
          {Parallel} N           virtual sweeps at once (default: one per processor; at most 1024).
          {SuiteSettingsOption.Usage}
                                 Its Analysis section judges every run; real-time runs are pointed at the same file.

        Real-time tables: runs, runs without a verdict (crash, no baseline, sanity failure, NotComputable; never
        counted as passes), flagged runs (the case failed: Regressed, or Inconclusive unless
        Analysis:InconclusiveFails is false), the rate with a 95 % {ProportionInterval.Method} interval, the target
        and whether the whole interval meets it, the median duration; per metric how often it failed; and what
        upstream's R²-only rule (every core metric's R² ≥ 0.90, 0.95, 0.99 passes) flags. Virtual time pairs
        every run with a baseline on its own seed, so its false alarms are 0 by construction.
        Prints Markdown tables. exit codes: 0 done, 2 bad input (options, settings, results file, a project that does not build).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(
            args,
            new HashSet<string> { Case, Runs, Variants, Results, Project, VirtualRuns, BaselineRuns, Seconds, Parallel, SuiteSettingsOption.Name },
            new HashSet<string> { RealTime });
        options.Required(Case);
        var regressionCase = SuiteSettingsOption.Choice(options, Case, RegressionCase.SingleWorkload);
        var realTime = options.Has(RealTime);
        RefuseOutsideMode(options, realTime ? [BaselineRuns, Seconds] : [Results, Project, VirtualRuns], realTime);
        var settingsFile = options.Single(SuiteSettingsOption.Name) ?? SettingsLoader.FindFile();
        var settings = await SuiteSettingsOption.LoadAsync(settingsFile, console).ConfigureAwait(false);
        var variants = ParseVariants(options, regressionCase);
        var parallelism = options.Integer(Parallel, ParallelRange) ?? Environment.ProcessorCount;
        return realTime
            ? await RunRealTimeAsync(options, regressionCase, settings, settingsFile, variants, parallelism, console, cancellationToken).ConfigureAwait(false)
            : await RunVirtualAsync(options, regressionCase, settings, variants, parallelism, console, cancellationToken).ConfigureAwait(false);
    }

    private static void RefuseOutsideMode(ParsedArguments options, string[] names, bool realTime)
    {
        foreach (var name in names.Where(n => options.Single(n) is not null))
        {
            throw new CommandLineException($"option {name} = '{options.Single(name)}' applies only {(realTime ? "without" : "with")} {RealTime}");
        }
    }

    private static IReadOnlyList<SweepChange> ParseVariants(ParsedArguments options, RegressionCase regressionCase)
    {
        if (options.Single(Variants) is not { } text)
        {
            return SweepChanges.VariantsOf(regressionCase);
        }

        var keys = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (keys.Length == 0)
        {
            throw new CommandLineException($"option {Variants} = '{text}': no variant given");
        }

        var known = string.Join(", ", SweepChanges.VariantsOf(regressionCase).Select(c => c.Key));
        return keys
            .Select(key => SweepChanges.Find(regressionCase, key) ?? throw new CommandLineException($"option {Variants}: '{key}' is not a variant of {regressionCase} (known: {known})"))
            .DistinctBy(c => c.Key)
            .ToArray();
    }

    private async Task<int> RunRealTimeAsync(
        ParsedArguments options, RegressionCase regressionCase, SuiteSettings settings, string? settingsFile, IReadOnlyList<SweepChange> variants, int parallelism, CliConsole console, CancellationToken cancellationToken)
    {
        var runs = options.Integer(Runs, RealTimeRunsRange) ?? DefaultRealTimeRuns;
        var virtualRuns = options.Integer(VirtualRuns, BesideRunsRange) ?? DefaultVirtualRuns;
        var plan = new RealTimePlan
        {
            Case = regressionCase,
            Variants = variants,
            Runs = runs,
            ResultsFile = Path.GetFullPath(options.Single(Results) ?? settings.ResolvePath($"{DefaultResultsFolder}/{regressionCase}.jsonl")),
            Project = ProjectPath(options, settings, runs),
            WorkingDirectory = settings.RootDirectory,
            SettingsFile = settingsFile is null ? null : Path.GetFullPath(settingsFile),
        };

        // Read the file before minutes of runs: a malformed one is refused at once.
        await DetectionResultsFile.ReadAsync(plan.ResultsFile, regressionCase.ToString(), cancellationToken).ConfigureAwait(false);
        await new RealTimeRunner(processes, time, console).RunAsync(plan, settings, cancellationToken).ConfigureAwait(false);
        var records = await DetectionResultsFile.ReadAsync(plan.ResultsFile, regressionCase.ToString(), cancellationToken).ConfigureAwait(false);
        var inconclusiveFails = settings.Analysis.InconclusiveFails;
        var lines = RealTimeTables.Render(regressionCase, plan.ResultsFile, records, inconclusiveFails);
        if (virtualRuns > 0)
        {
            var virtualOptions = VirtualClusterOptions.From(settings, regressionCase);
            var virtualPlan = new DetectionPlan { BaselineRuns = settings.Baselines.RecordRuns, Runs = virtualRuns, Changes = variants, MaxParallelism = parallelism };
            var detection = await RunVirtualExperimentAsync(virtualOptions, virtualPlan, settings.RootDirectory, console, cancellationToken).ConfigureAwait(false);
            lines.AddRange(VirtualTables.Beside(regressionCase, virtualRuns, DetectionStatistics.Summarize(detection, settings.Analysis, inconclusiveFails)));
        }

        await WriteAsync(console, lines).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string ProjectPath(ParsedArguments options, SuiteSettings settings, int runs)
    {
        var given = options.Single(Project);
        var path = given is null ? settings.ResolvePath(DefaultProject) : Path.GetFullPath(given);
        if (runs > 0 && !Directory.Exists(path) && !File.Exists(path))
        {
            throw new CommandLineException(given is null
                ? $"the test project {DefaultProject} was not found under {settings.RootDirectory}; name it with {Project} PATH"
                : $"option {Project} = '{given}': no such folder or project file");
        }

        return path;
    }

    private async Task<int> RunVirtualAsync(
        ParsedArguments options, RegressionCase regressionCase, SuiteSettings settings, IReadOnlyList<SweepChange> variants, int parallelism, CliConsole console, CancellationToken cancellationToken)
    {
        var virtualOptions = VirtualClusterOptions.From(settings, regressionCase);
        virtualOptions = virtualOptions with { Case = virtualOptions.Case with { SecondsPerRate = VirtualSweepCommand.SecondsOption(options, virtualOptions.Case) } };
        var plan = new DetectionPlan
        {
            BaselineRuns = options.Integer(BaselineRuns, BaselineRunsRange) ?? settings.Baselines.RecordRuns,
            Runs = options.Integer(Runs, VirtualRunsRange) ?? DefaultVirtualRuns,
            MaxParallelism = parallelism,
            Changes = variants,
        };
        var runs = await RunVirtualExperimentAsync(virtualOptions, plan, settings.RootDirectory, console, cancellationToken).ConfigureAwait(false);
        await WriteAsync(console, VirtualTables.Full(regressionCase, virtualOptions, plan, runs, settings.Analysis, settings.Analysis.InconclusiveFails)).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private async Task<DetectionRuns> RunVirtualExperimentAsync(VirtualClusterOptions options, DetectionPlan plan, string rootDirectory, CliConsole console, CancellationToken cancellationToken)
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

        PromptDataset dataset;
        try
        {
            dataset = await PromptDataset.LoadAsync(options.Case, options.LoadGenerator, rootDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetFormatException e)
        {
            throw new CommandLineException(e.Message, e);
        }

        var sweeps = (plan.Changes.Count(c => !c.IsUnchanged) + 1) * plan.Runs;
        await console.Error.WriteLineAsync($"Running {sweeps} virtual sweeps ({plan.MaxParallelism} at once)...").ConfigureAwait(false);
        var started = time.GetTimestamp();
        var runs = await Task.Run(() => DetectionExperiment.Run(options, dataset.Prompts, plan, cancellationToken), cancellationToken).ConfigureAwait(false);
        await console.Error.WriteLineAsync(Invariant($"{sweeps} virtual sweeps in {time.GetElapsedTime(started).TotalSeconds:0.0} s wall.")).ConfigureAwait(false);
        return runs;
    }

    private static async Task WriteAsync(CliConsole console, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
