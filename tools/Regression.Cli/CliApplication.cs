namespace Regression.Cli;

/// <summary>Dispatches a verb to its command and turns bad input into exit code 2 with one line.</summary>
internal sealed class CliApplication(IReadOnlyList<ICliCommand> commands)
{
    private const string ProgramName = "regression";

    /// <summary>Runs the command line <paramref name="args"/>.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "help" or "--help" or "-h")
        {
            await console.Out.WriteLineAsync(Overview()).ConfigureAwait(false);
            return args.Count == 0 ? ExitCodes.BadInput : ExitCodes.Success;
        }

        var command = commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await console.Error.WriteLineAsync($"{ProgramName}: unknown command '{args[0]}' (commands: {string.Join(", ", commands.Select(c => c.Name))})").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var rest = args.Skip(1).ToArray();
        if (rest is ["--help"] or ["-h"])
        {
            await console.Out.WriteLineAsync(command.Usage).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
        }
        catch (CommandLineException e)
        {
            await console.Error.WriteLineAsync($"{ProgramName} {command.Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
    }

    private string Overview()
    {
        var width = commands.Max(c => c.Name.Length) + 2;
        return $"usage: {ProgramName} <command> [options]   ({ProgramName} <command> --help for its options){Environment.NewLine}{Environment.NewLine}commands:{Environment.NewLine}" +
            string.Join(Environment.NewLine, commands.Select(c => $"  {c.Name.PadRight(width)}{c.Summary}"));
    }
}
