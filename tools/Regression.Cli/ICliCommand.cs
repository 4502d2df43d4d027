namespace Regression.Cli;

/// <summary>One verb of the command line (<c>regression compare ...</c>).</summary>
internal interface ICliCommand
{
    /// <summary>The verb.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Usage text: the options and what they do.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns an exit code from <see cref="ExitCodes"/>.</summary>
    /// <exception cref="CommandLineException">Bad arguments or inputs (the caller prints it and exits 2).</exception>
    Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken);
}
