namespace Regression.Cli.Tests;

/// <summary>Runs the command line in-process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(ICliCommand command, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var application = new CliApplication([command]);
        var exitCode = await application.RunAsync([command.Name, .. args], new CliConsole(output, error), CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
