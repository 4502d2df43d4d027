namespace Regression.Cli;

/// <summary>Where a command writes: standard output for results, standard error for diagnostics.</summary>
/// <param name="Out">Results and reports.</param>
/// <param name="Error">Errors and progress.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System { get; } = new(global::System.Console.Out, global::System.Console.Error);
}
