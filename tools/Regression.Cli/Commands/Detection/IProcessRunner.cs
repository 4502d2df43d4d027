namespace Regression.Cli.Commands.Detection;

/// <summary>Runs a command to its end: the seam that lets tests stand in for <c>dotnet build</c> and <c>dotnet test</c>.</summary>
internal interface IProcessRunner
{
    /// <summary>Runs <paramref name="request"/> and returns its exit code and the last lines of its output.</summary>
    Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}
