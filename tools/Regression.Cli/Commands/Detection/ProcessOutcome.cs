namespace Regression.Cli.Commands.Detection;

/// <summary>How a command ended.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="LastLines">The last lines it wrote to standard output and error, interleaved as they came.</param>
internal sealed record ProcessOutcome(int ExitCode, IReadOnlyList<string> LastLines);
