using Regression.Simulation.Engine.Calibration;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>calibrate</c>: runs the simulated replica against the published Llama-3.1-8B-on-one-H100
/// figures (virtual time, a few seconds) and prints each figure next to the simulated value.
/// </summary>
internal sealed class CalibrateCommand : ICliCommand
{
    public string Name => "calibrate";

    public string Summary => "compare the simulated replica with published H100 figures (exit 1 if one is outside its tolerance)";

    public string Usage => $"""
        usage: regression calibrate [{SuiteSettingsOption.Name} FILE]

          {SuiteSettingsOption.Usage}
                           The Simulator section is calibrated.

        Prints a Markdown table: figure, unit, published, simulated, deviation, tolerance, source
        (the public measurement or fit the figure comes from).
        exit codes: 0 every figure within its tolerance, 1 one or more outside (marked "!"), 2 bad input.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { SuiteSettingsOption.Name }, new HashSet<string>());
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);

        var figures = await Task.Run(() => H100Calibration.Run(settings.Simulator), cancellationToken).ConfigureAwait(false);
        await console.Out.WriteAsync(CalibrationTable.ToMarkdown(figures)).ConfigureAwait(false);
        var outside = figures.Count(f => !f.WithinTolerance);
        await console.Out.WriteLineAsync().ConfigureAwait(false);
        await console.Out.WriteLineAsync(outside == 0
            ? $"All {figures.Count} figures within tolerance."
            : $"{outside} of {figures.Count} figures outside their tolerance (marked \"!\").").ConfigureAwait(false);

        // 1 has the meaning it has for compare: something is off that a person should look at.
        return outside == 0 ? ExitCodes.Success : ExitCodes.Regressed;
    }
}
