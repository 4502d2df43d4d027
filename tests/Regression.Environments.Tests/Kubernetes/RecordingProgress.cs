using System.Collections.Concurrent;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>Keeps every progress line, synchronously and thread-safely (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress : IProgress<string>
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public void Report(string value)
    {
        _lines.Enqueue(value);
        foreach (var (match, seen) in _waiters.Where(w => w.Match(value)))
        {
            seen.TrySetResult();
        }
    }

    /// <summary>Completes when a line matching <paramref name="match"/> is reported.</summary>
    public Task WaitForAsync(Func<string, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((match, seen));
        if (_lines.Any(match))
        {
            seen.TrySetResult();
        }

        return seen.Task;
    }
}
