using System.Diagnostics;
using System.Globalization;
using Regression.Core.Analysis;
using Regression.Core.Settings;
using Regression.LoadGeneration;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Cluster;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands.Pairing;

/// <summary>
/// <c>pairing</c>: a benchmark of how well the real-time embedded cluster keeps one schedule's
/// simulated timeline. Runs a case's sweep repeatedly in real time on the same schedule (as a
/// baseline recording and the runs compared with it do), then once in virtual time, and prints per
/// rate how much the core metrics vary between the real-time runs (coefficient of variation) and
/// how far their mean is from the virtual-time result, with how many requests reached a replica too
/// late to keep their place on the timeline.
/// </summary>
internal sealed class PairingCommand : ICliCommand
{
    private const string Case = "--case";
    private const string Runs = "--runs";
    private const string Seconds = "--seconds";

    private const int DefaultRuns = 10;

    // A spread needs two runs; each run is a whole real-time sweep (minutes), so a hundred is plenty.
    private static readonly SettingRange RunsRange = new(2, 100);

    public string Name => "pairing";

    public string Summary => "benchmark: do real-time runs of one schedule agree with each other and with virtual time (prints figures)";

    public string Usage => $"""
        usage: regression pairing {Case} NAME [{Runs} N] [{Seconds} S] [{SuiteSettingsOption.Name} FILE]

          {Case} NAME            {string.Join(" or ", Enum.GetNames<RegressionCase>())}: the case from the settings.
          {Runs} N               real-time sweeps of the case's schedule (default {DefaultRuns}; 2 to 100).
          {Seconds} S            seconds per rate instead of the case's SecondsPerRate.
          {SuiteSettingsOption.Usage}

        Each real-time sweep runs on a fresh embedded cluster in this process, as `dotnet test` does,
        with LoadGenerator:PairedSchedule as the settings say. Prints per rate, for p90 latency, p90
        NTPOT and output tokens/min: the mean over the runs, their coefficient of variation and the
        mean's deviation from the virtual-time result of the same schedule; then per run the requests
        that reached a replica after their scheduled time. Goals: CV at most 2 % (p90 latency, p90
        NTPOT) and 1 % (output tokens/min), real time within 3 % of virtual time.
        exit codes: 0 done, 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Case, Runs, Seconds, SuiteSettingsOption.Name }, new HashSet<string>());
        options.Required(Case);
        var regressionCase = SuiteSettingsOption.Choice(options, Case, RegressionCase.SingleWorkload);
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);
        var runs = options.Integer(Runs, RunsRange) ?? DefaultRuns;
        var caseSettings = settings.Cases.For(regressionCase);
        caseSettings = caseSettings with { SecondsPerRate = VirtualSweepCommand.SecondsOption(options, caseSettings) };
        PromptDataset dataset;
        try
        {
            dataset = await PromptDataset.LoadAsync(caseSettings, settings.LoadGenerator, settings.RootDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (DatasetFormatException e)
        {
            throw new CommandLineException(e.Message, e);
        }

        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{regressionCase}: {runs} real-time sweeps of seed {caseSettings.Seed}, {caseSettings.SecondsPerRate:0.###} s per rate, paired schedule {(settings.LoadGenerator.PairedSchedule ? "on" : "off")}")).ConfigureAwait(false);
        var realTime = new List<PairingRun>();
        for (var i = 0; i < runs; i++)
        {
            var run = await RunRealTimeAsync(settings, caseSettings, dataset, cancellationToken).ConfigureAwait(false);
            realTime.Add(run);
            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"run {i + 1}/{runs}: {run.Wall.TotalSeconds:0} s, {run.Paired.Stamped:N0} stamped, {run.Paired.Late:N0} late (at most {run.Paired.MaxLateMilliseconds:0.#} ms), driver lag p99 {run.DriverLagP99Milliseconds:0.#} ms")).ConfigureAwait(false);
        }

        var virtualOptions = VirtualClusterOptions.From(settings, regressionCase) with { Case = caseSettings };
        var virtualSweep = VirtualClusterRunner.Run(virtualOptions, dataset.Prompts, cancellationToken: cancellationToken);
        var table = PairingTable.Build(realTime.Select(r => r.Values).ToArray(), SweepValues.From(virtualSweep.Result));
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.WriteLineAsync(table.ToMarkdown()).ConfigureAwait(false);
        await console.Out.WriteLineAsync(table.Summary()).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task<PairingRun> RunRealTimeAsync(SuiteSettings settings, CaseSettings caseSettings, PromptDataset dataset, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var options = new EmbeddedClusterOptions { Case = caseSettings, Simulator = settings.Simulator, Gateway = settings.Gateway };
        await using var cluster = await EmbeddedCluster.StartAsync(options, cancellationToken).ConfigureAwait(false);
        using var generator = new LoadGenerator(cluster.GatewayAddress, settings.LoadGenerator);
        var sweep = await new SweepRunner(generator).RunAsync(caseSettings, dataset, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new PairingRun(SweepValues.From(sweep.Sweep), cluster.Paired, cluster.Driver.Lag.P99Milliseconds, wall.Elapsed);
    }
}
