using System.Diagnostics;
using System.Globalization;
using Regression.Core.Results.Lpg;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>sweep-virtual</c>: runs a regression case's sweep against the simulated cluster in virtual
/// time (no sockets, no sleeping), prints one line per rate and the wall time, and optionally
/// writes LPG's result files so that <c>regression compare</c> can read them.
/// </summary>
internal sealed class VirtualSweepCommand : ICliCommand
{
    private const string Case = "--case";
    private const string Seconds = "--seconds";
    private const string Seed = "--seed";
    private const string Policy = "--policy";
    private const string DecodeSlowdown = "--decode-slowdown";
    private const string Out = "--out";

    // 0.01 to 100 times the decode cost: far past any regression worth measuring, and the scaled
    // step costs stay inside the Simulator section's ranges for the default settings.
    private static readonly SettingRange DecodeSlowdownRange = new(0.01, 100);

    public string Name => "sweep-virtual";

    public string Summary => "run a case's sweep on the simulated cluster in virtual time (seconds, deterministic per seed)";

    public string Usage => $"""
        usage: regression sweep-virtual {Case} NAME [{Seconds} S] [{Seed} N] [{Policy} NAME] [{DecodeSlowdown} F] [{Out} DIR] [{SuiteSettingsOption.Name} FILE]

          {Case} NAME            {string.Join(" or ", Enum.GetNames<RegressionCase>())}: rates, dataset, models, replicas from the settings.
          {Seconds} S            seconds per rate instead of the case's SecondsPerRate (upstream runs 300; at most 3600,
                                 and at most 1,050,000 requests per rate).
          {Seed} N               the case's seed instead of its Seed (schedule, prompts, models, routing).
          {Policy} NAME          {string.Join(" or ", Enum.GetNames<RoutingPolicyKind>())} instead of Gateway:Policy.
          {DecodeSlowdown} F     decode F times slower (1.10 = 10 % slower; 0.01 to 100): the per-step decode costs of the
                                 simulator are scaled (SimulatorVariants.SlowerDecode).
          {Out} DIR              also write LPG's result files there (an empty or new folder; never overwrites).
          {SuiteSettingsOption.Usage}

        Prints per rate: attempted, succeeded, output tokens/min, p90 NTPOT, p90 latency, failures,
        preemptions, engine steps and wall time; then the sweep's wall time.
        exit codes: 0 done, 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Case, Seconds, Seed, Policy, DecodeSlowdown, Out, SuiteSettingsOption.Name }, new HashSet<string>());
        options.Required(Case);
        var regressionCase = SuiteSettingsOption.Choice(options, Case, RegressionCase.SingleWorkload);
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);
        var slowdown = options.Number(DecodeSlowdown, 1.0, DecodeSlowdownRange);
        var virtualOptions = Configure(VirtualClusterOptions.From(settings, regressionCase), options, slowdown);

        var load = Stopwatch.StartNew();
        var dataset = await LoadDatasetAsync(virtualOptions, settings.RootDirectory, cancellationToken).ConfigureAwait(false);
        await console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Dataset: {dataset.Source}, {dataset.Prompts.Count} prompts after the length filter ({load.Elapsed.TotalSeconds:0.0} s).")).ConfigureAwait(false);

        var caseSettings = virtualOptions.Case;
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{regressionCase} in virtual time: {caseSettings.Replicas} replicas, max-loras {caseSettings.MaxLoras}, {virtualOptions.Gateway.Policy}, decode ×{slowdown:0.00}, {caseSettings.SecondsPerRate:0.###} s per rate, seed {caseSettings.Seed}")).ConfigureAwait(false);
        await console.Out.WriteLineAsync(Header).ConfigureAwait(false);
        var wall = Stopwatch.StartNew();
        var lines = new List<string>();
        var previous = TimeSpan.Zero;
        var sweep = await Task.Run(
            () => VirtualClusterRunner.Run(virtualOptions, dataset.Prompts, rate =>
            {
                lines.Add(Row(rate, wall.Elapsed - previous));
                previous = wall.Elapsed;
            }, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        wall.Stop();
        foreach (var line in lines)
        {
            await console.Out.WriteLineAsync(line).ConfigureAwait(false);
        }

        var requests = sweep.Rates.Sum(r => r.Result.Overall.PromptsAttempted);
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{sweep.Rates.Count} rates, {requests:N0} requests, {sweep.Rates.Sum(r => r.EngineSteps):N0} engine steps in {wall.Elapsed.TotalSeconds:0.00} s wall ({requests / wall.Elapsed.TotalSeconds:N0} requests/s)")).ConfigureAwait(false);

        if (options.Single(Out) is { } folder)
        {
            await WriteAsync(folder, sweep, virtualOptions, console).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    private static VirtualClusterOptions Configure(VirtualClusterOptions virtualOptions, ParsedArguments options, double slowdown)
    {
        var caseSettings = virtualOptions.Case with
        {
            SecondsPerRate = SecondsOption(options, virtualOptions.Case),
            Seed = options.Integer(Seed, SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.Seed))) ?? virtualOptions.Case.Seed,
        };
        var configured = virtualOptions with
        {
            Case = caseSettings,
            Gateway = virtualOptions.Gateway with { Policy = SuiteSettingsOption.Choice(options, Policy, virtualOptions.Gateway.Policy) },
            Simulator = SimulatorVariants.SlowerDecode(virtualOptions.Simulator, slowdown),
        };
        try
        {
            configured.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CommandLineException(e.Message, e);
        }

        return configured;
    }

    /// <summary>
    /// The seconds per rate of <c>--seconds</c> (the case's when absent), in the settings' range and,
    /// at the case's highest rate, within the requests a rate may send.
    /// </summary>
    internal static double SecondsOption(ParsedArguments options, CaseSettings caseSettings)
    {
        var seconds = options.Number(Seconds, caseSettings.SecondsPerRate, SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.SecondsPerRate)));
        if (options.Single(Seconds) is { } text && caseSettings.RequestRates.Count > 0)
        {
            SuiteSettingsOption.CheckRequestsPerRate($"{Seconds} = '{text}' with the case's RequestRates", caseSettings.RequestRates.Max(), seconds);
        }

        return seconds;
    }

    private static async Task<PromptDataset> LoadDatasetAsync(VirtualClusterOptions options, string rootDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await PromptDataset.LoadAsync(options.Case, options.LoadGenerator, rootDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetFormatException e)
        {
            throw new CommandLineException(e.Message, e);
        }
    }

    private static async Task WriteAsync(string folder, VirtualSweep sweep, VirtualClusterOptions options, CliConsole console)
    {
        IReadOnlyList<string> files;
        try
        {
            files = LpgResultWriter.WriteSweep(Path.GetFullPath(folder), sweep.Result, options.LoadGenerator.FilePrefix);
        }
        catch (IOException e)
        {
            throw new CommandLineException(e.Message, e);
        }

        await console.Out.WriteLineAsync($"Wrote {files.Count} LPG files to {Path.GetFullPath(folder)}.").ConfigureAwait(false);
    }

    private const string Header =
        "  rate  attempted  succeeded  output tok/min  p90 NTPOT ms  p90 latency ms  failed  preempted  engine steps  wall s";

    private static string Row(VirtualRate rate, TimeSpan wall)
    {
        var overall = rate.Result.Overall;
        return string.Create(CultureInfo.InvariantCulture,
            $"{rate.Result.RequestRate,6:0.##}  {overall.PromptsAttempted,9}  {overall.PromptsSucceeded,9}  {overall.OutputTokensPerMinute,14:N0}  {overall.NormalizedTimePerOutputTokenMs.P90,12:0.00}  {overall.LatencyMs.P90,14:0}  {overall.Errors.Total,6}  {rate.Preemptions,9}  {rate.EngineSteps,12:N0}  {wall.TotalSeconds,6:0.00}");
    }
}
