namespace Regression.Cli.Commands.Detection;

/// <summary>A command to run.</summary>
/// <param name="FileName">The program (<c>dotnet</c>).</param>
/// <param name="Arguments">Its arguments, each passed as one argument.</param>
/// <param name="WorkingDirectory">The folder it runs in.</param>
/// <param name="Environment">Variables set on top of the inherited environment.</param>
internal sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The command line as a person would type it, for messages.</summary>
    public override string ToString() => string.Join(' ', Arguments.Prepend(FileName).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
