using System.Globalization;
using System.Net;
using Regression.Cli.Commands.Bench;
using Regression.Core.Settings;
using Regression.Simulation.Cluster;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>bench-cluster</c>: loads the real-time embedded cluster in this process through its gateway
/// at the heaviest upstream points and prints what it achieved and what it cost: billsum-like
/// traffic at 350 req/s over 10 replicas, Infinity-Instruct-like traffic over 15 adapters at
/// 200 req/s, and the same streamed at rising rates. A benchmark: it prints figures and judges
/// only whether the host kept its schedule.
/// </summary>
internal sealed class BenchClusterCommand : ICliCommand
{
    private const string Point = "--point";
    private const string Seconds = "--seconds";
    private const string Warmup = "--warmup";
    private const string Rate = "--rate";
    private const string StreamRates = "--stream-rates";
    private const string Replicas = "--replicas";
    private const string DirectFraction = "--direct-fraction";
    private const string Seed = "--seed";
    private const string Policy = "--policy";

    private const string Billsum = "billsum";
    private const string Lora = "lora";
    private const string LoraStream = "lora-stream";
    private const string All = "all";

    // The heaviest rates of the upstream regression test cases.
    private const double BillsumRate = 350;
    private const double LoraRate = 200;
    private static readonly double[] DefaultStreamRates = [50, 100, 150, 200];

    private const double DefaultSeconds = 20;
    private const double DefaultWarmup = 3;
    private const double DefaultDirectFraction = 0.05;
    private const int DefaultSeed = 1;

    // The options share the settings' ranges: seconds like SecondsPerRate, rates like RequestRates, replicas like Replicas.
    private static readonly SettingRange SecondsRange = SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.SecondsPerRate));
    private static readonly SettingRange RateRange = SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.RequestRates));
    private static readonly SettingRange ReplicasRange = SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.Replicas));
    private static readonly SettingRange FractionRange = new(0, 1);
    private static readonly SettingRange SeedRange = new(1, int.MaxValue);

    // Answers still out after this long count as lost; an overloaded point drains in far less.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    public string Name => "bench-cluster";

    public string Summary => "benchmark the real-time embedded cluster at the upstream peak rates (prints figures)";

    public string Usage => $"""
        usage: regression bench-cluster [{Point} {Billsum}|{Lora}|{LoraStream}|{All}] [{Seconds} S] [{Warmup} S] [{Rate} R]
                                        [{StreamRates} R,R,...] [{Replicas} N] [{DirectFraction} F] [{Seed} N] [{Policy} NAME] [{SuiteSettingsOption.Name} FILE]

          {Point} NAME      {Billsum}: {BillsumRate} req/s billsum-like (≈1,000-token prompts, 100–200-token answers), SingleWorkload case;
                           {Lora}: {LoraRate} req/s Infinity-Instruct-like over the MultiLora case's 15 adapters;
                           {LoraStream}: the same streamed, at each of {StreamRates}; {All} (default): all three.
          {Seconds} S       measured seconds per rate (default {DefaultSeconds}; at most 3600, and rate × (warm-up + seconds)
                           at most 1,050,000 requests).
          {Warmup} S        seconds sent first and left out of the figures (default {DefaultWarmup}).
          {Rate} R          rate of {Billsum} and {Lora} instead of the upstream peak.
          {StreamRates} LIST rates of {LoraStream} (default {string.Join(",", DefaultStreamRates)}).
          {Replicas} N      replicas instead of the case's (10).
          {DirectFraction} F share of requests sent straight to a replica, to measure the gateway hop (default {DefaultDirectFraction}).
          {Seed} N          seeds arrivals, prompts and models (default {DefaultSeed}).
          {Policy} NAME     {string.Join(" or ", Enum.GetNames<RoutingPolicyKind>())} instead of Gateway:Policy.
          {SuiteSettingsOption.Usage}

        Prints per rate: achieved rate, errors, latency, the gateway hop (latency − the replica's
        x-simulated-service-ms), send lag, driver lag, CPU; then a summary table. exit codes: 0 done, 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(
            args, new HashSet<string> { Point, Seconds, Warmup, Rate, StreamRates, Replicas, DirectFraction, Seed, Policy, SuiteSettingsOption.Name }, new HashSet<string>());
        var point = options.Single(Point) ?? All;
        if (point is not (Billsum or Lora or LoraStream or All))
        {
            throw new CommandLineException($"option {Point} = '{point}': expected {Billsum}, {Lora}, {LoraStream} or {All}");
        }

        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);
        settings = settings with { Gateway = settings.Gateway with { Policy = SuiteSettingsOption.Choice(options, Policy, settings.Gateway.Policy) } };
        var seconds = options.Number(Seconds, DefaultSeconds, SecondsRange);
        var warmup = options.Number(Warmup, DefaultWarmup, SecondsRange);
        var rate = options.Number(Rate, double.NaN, RateRange);
        var streamRates = options.Numbers(StreamRates, RateRange, CaseSettings.MaximumRequestRates) ?? DefaultStreamRates;
        var highest = Math.Max(double.IsNaN(rate) ? Math.Max(BillsumRate, LoraRate) : rate, streamRates.Max());
        SuiteSettingsOption.CheckRequestsPerRate($"{Rate}/{StreamRates}, {Warmup} and {Seconds}", highest, warmup + seconds);
        var run = new BenchRun(
            settings,
            seconds,
            warmup,
            options.Integer(Replicas, ReplicasRange),
            options.Number(DirectFraction, DefaultDirectFraction, FractionRange),
            options.Integer(Seed, SeedRange) ?? DefaultSeed,
            console);
        var rows = new List<string>();
        if (point is Billsum or All)
        {
            rows.AddRange(await run.PointAsync(Billsum, RegressionCase.SingleWorkload, BenchWorkloadKind.BillsumLike, false, [double.IsNaN(rate) ? BillsumRate : rate], cancellationToken).ConfigureAwait(false));
        }

        if (point is Lora or All)
        {
            rows.AddRange(await run.PointAsync(Lora, RegressionCase.MultiLora, BenchWorkloadKind.InfinityInstructLike, false, [double.IsNaN(rate) ? LoraRate : rate], cancellationToken).ConfigureAwait(false));
        }

        if (point is LoraStream or All)
        {
            rows.AddRange(await run.PointAsync(LoraStream, RegressionCase.MultiLora, BenchWorkloadKind.InfinityInstructLike, true, streamRates, cancellationToken).ConfigureAwait(false));
        }

        await console.Out.WriteLineAsync(BenchFigures.TableHeader).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await console.Out.WriteLineAsync(row).ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    /// <summary>What every point of one invocation shares.</summary>
    private sealed record BenchRun(SuiteSettings Settings, double Seconds, double Warmup, int? Replicas, double DirectFraction, int Seed, CliConsole Console)
    {
        /// <summary>Runs one point on a fresh cluster (rates in order on the same cluster, each drained before the next); returns summary rows.</summary>
        public async Task<IReadOnlyList<string>> PointAsync(
            string name, RegressionCase regressionCase, BenchWorkloadKind kind, bool stream, IReadOnlyList<double> rates, CancellationToken cancellationToken)
        {
            var caseSettings = Settings.Cases.For(regressionCase);
            caseSettings = caseSettings with { Replicas = Replicas ?? caseSettings.Replicas };
            await Console.Error.WriteLineAsync($"Starting {caseSettings.Replicas} replicas for {name}...").ConfigureAwait(false);
            await using var cluster = await EmbeddedCluster.StartAsync(
                new EmbeddedClusterOptions { Case = caseSettings, Simulator = Settings.Simulator, Gateway = Settings.Gateway },
                cancellationToken).ConfigureAwait(false);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            var sender = new OpenLoopSender(client, cluster.GatewayAddress, cluster.Replicas.Select(r => r.BaseAddress).ToArray(), DirectFraction);
            var workload = new BenchWorkload(kind, caseSettings, stream, Seed);
            var rows = new List<string>();
            foreach (var rate in rates)
            {
                var figures = await MeasureAsync($"{name} @ {rate:0.#}", cluster, sender, workload, rate, cancellationToken).ConfigureAwait(false);
                await Console.Out.WriteAsync(figures.Render($"{workload}, {caseSettings.Replicas} replicas, policy {cluster.Gateway.Policy.Name}")).ConfigureAwait(false);
                await Console.Out.WriteLineAsync(ReplicaCounts(cluster)).ConfigureAwait(false);
                rows.Add(figures.Row());
            }

            return rows;
        }

        // Where the requests went and what each engine did, since the cluster started.
        private static string ReplicaCounts(EmbeddedCluster cluster)
        {
            var parts = cluster.Replicas.Select(r =>
            {
                var counters = r.Snapshot().Counters;
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{cluster.Gateway.Counters.ForwardedTo(Simulation.Gateway.ReplicaEndpoint.For(r.BaseAddress).Id)}/{counters.RequestsFinished}/{counters.Preemptions}");
            }).ToArray();
            var all = cluster.Replicas.Select(r => r.Snapshot().Counters).ToArray();
            var finished = Math.Max(1, all.Sum(c => c.RequestsFinished));
            return string.Create(
                CultureInfo.InvariantCulture,
                $"replicas:    forwarded/finished/preempted {string.Join("  ", parts)}; per answer {all.Sum(c => c.PromptTokens) / (double)finished:0} prompt and {all.Sum(c => c.GenerationTokens) / (double)finished:0} output tokens\n");
        }

        private async Task<BenchFigures> MeasureAsync(
            string point, EmbeddedCluster cluster, OpenLoopSender sender, BenchWorkload workload, double rate, CancellationToken cancellationToken)
        {
            var meter = new ProcessMeter();
            ProcessUse? use = null;
            Simulation.Hosting.DriverLag? lag = null;
            var samples = await sender.RunAsync(
                workload, rate, Warmup + Seconds, Warmup,
                onMark: () =>
                {
                    meter.Start();
                    cluster.Driver.ResetLag();
                },
                onSent: () =>
                {
                    use = meter.Read();
                    lag = cluster.Driver.Lag;
                },
                Seed, DrainLimit, cancellationToken).ConfigureAwait(false);
            return new BenchFigures
            {
                Point = point,
                RequestedRate = rate,
                Measured = samples.Where(s => s.ScheduledAt >= Warmup).ToArray(),
                All = samples,
                WindowStart = Warmup,
                WindowSeconds = Seconds,
                Process = use!,
                DriverLag = lag!,
            };
        }
    }
}
