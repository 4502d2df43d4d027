namespace Regression.Tests.Cases;

/// <summary>Progress lines of a case: shown as they happen and kept in the run folder's progress.log.</summary>
internal sealed class ProgressLog(string file, Action<string> show) : IProgress<string>
{
    private readonly Lock gate = new();

    public void Report(string value)
    {
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss} {value}";
        lock (gate)
        {
            File.AppendAllText(file, line + Environment.NewLine);
        }

        show(line);
    }
}
