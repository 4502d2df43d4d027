using Regression.Core.Settings;
using Regression.Simulation.Cluster;
using Regression.Simulation.Gateway;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>simulate</c>: starts the embedded cluster of a regression case (simulated vLLM replicas with
/// the case's adapters, the endpoint-picking gateway in front), prints where everything listens,
/// and serves until Ctrl+C.
/// </summary>
/// <param name="whenReady">Called once the addresses are printed (tests use it to call them, then cancel); null in the real program.</param>
internal sealed class SimulateCommand(Func<CancellationToken, Task>? whenReady = null) : ICliCommand
{
    private const string Case = "--case";
    private const string Replicas = "--replicas";
    private const string Policy = "--policy";

    public string Name => "simulate";

    public string Summary => "run the embedded cluster (simulated vLLM replicas + gateway) until Ctrl+C";

    public string Usage => $"""
        usage: regression simulate [{Case} NAME] [{Replicas} N] [{Policy} NAME] [{SuiteSettingsOption.Name} FILE]

          {Case} NAME       {string.Join(" or ", Enum.GetNames<RegressionCase>())} (default {RegressionCase.SingleWorkload}): its base
                           model, adapters, replicas and max-loras from the settings.
          {Replicas} N      replicas instead of the case's.
          {Policy} NAME     {string.Join(" or ", Enum.GetNames<RoutingPolicyKind>())} instead of Gateway:Policy.
          {SuiteSettingsOption.Usage}

        Prints the gateway's URL, each replica's URL and /metrics URL, and a curl example, then
        serves until Ctrl+C. exit codes: 0 stopped cleanly, 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Case, Replicas, Policy, SuiteSettingsOption.Name }, new HashSet<string>());
        var regressionCase = SuiteSettingsOption.Choice(options, Case, RegressionCase.SingleWorkload);
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);
        var caseSettings = settings.Cases.For(regressionCase);
        caseSettings = caseSettings with { Replicas = options.Integer(Replicas, SettingRange.Of(typeof(CaseSettings), nameof(CaseSettings.Replicas))) ?? caseSettings.Replicas };
        var gateway = settings.Gateway with { Policy = SuiteSettingsOption.Choice(options, Policy, settings.Gateway.Policy) };

        await console.Error.WriteLineAsync($"Starting {caseSettings.Replicas} replicas of {caseSettings.BaseModel} for {regressionCase}...").ConfigureAwait(false);
        await using var cluster = await EmbeddedCluster.StartAsync(
            new EmbeddedClusterOptions { Case = caseSettings, Simulator = settings.Simulator, Gateway = gateway },
            cancellationToken).ConfigureAwait(false);
        await console.Out.WriteAsync(Describe(regressionCase, cluster, gateway.Policy)).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);

        if (whenReady is not null)
        {
            await whenReady(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the normal way to stop.
        }

        await console.Error.WriteLineAsync("Stopping the cluster.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Describe(RegressionCase regressionCase, EmbeddedCluster cluster, RoutingPolicyKind policy)
    {
        var lines = new List<string>
        {
            $"Embedded cluster for {regressionCase}: {cluster.Replicas.Count} replicas of {cluster.Case.BaseModel}, max-loras {cluster.Case.MaxLoras}, policy {policy}.",
            $"Models:   {string.Join(", ", cluster.Case.Models)}",
            $"Gateway:  {cluster.GatewayAddress}",
        };
        lines.AddRange(cluster.Replicas.Select(r => $"{r.Name,-10}{r.BaseAddress}   metrics {r.MetricsUri}"));
        var completions = new Uri(cluster.GatewayAddress, VllmRoutes.Completions.TrimStart('/'));
        lines.Add(string.Empty);
        lines.Add("Try:");
        lines.Add($"  curl -s {completions} -H 'Content-Type: application/json' -d '{{\"model\": \"{cluster.Case.Models[0]}\", \"prompt\": \"Say hello\", \"max_tokens\": 16}}'");
        lines.Add(string.Empty);
        lines.Add("Serving until Ctrl+C.");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
