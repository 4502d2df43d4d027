using System.Diagnostics;

namespace Regression.Cli.Commands.Detection;

/// <summary>Runs a real child process, keeping only the last lines of its output (a test run writes thousands).</summary>
internal sealed class SystemProcessRunner : IProcessRunner
{
    /// <summary>Lines kept for an error message: enough for a test failure's message and stack top.</summary>
    public const int KeptLines = 40;

    /// <inheritdoc />
    public async Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var start = new ProcessStartInfo(request.FileName)
        {
            WorkingDirectory = request.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }

        var lines = new Queue<string>();
        void Keep(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Enqueue(e.Data);
                while (lines.Count > KeptLines)
                {
                    lines.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The run was stopped: take the test host and its children down with it.
            process.Kill(entireProcessTree: true);
            throw;
        }

        lock (lines)
        {
            return new ProcessOutcome(process.ExitCode, lines.ToArray());
        }
    }
}
