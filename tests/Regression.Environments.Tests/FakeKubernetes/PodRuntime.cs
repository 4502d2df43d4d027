namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>What runs inside a fake pod's main container: its log (followable) and its file system.</summary>
public sealed class PodRuntime
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The container's working-folder files, by path (e.g. <c>/workspace/x.json</c>).</summary>
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the container has started (a log can be read).</summary>
    public bool Started { get; private set; }

    /// <summary>Whether the container has ended (a followed log ends).</summary>
    public bool Terminated { get; private set; }

    public void Start()
    {
        lock (_lock)
        {
            Started = true;
            Signal();
        }
    }

    public void AppendLine(string line)
    {
        lock (_lock)
        {
            _lines.Add(line);
            Signal();
        }
    }

    public void Terminate()
    {
        lock (_lock)
        {
            Terminated = true;
            Signal();
        }
    }

    /// <summary>The lines from <paramref name="from"/> on, whether the container has ended, and a task that completes at the next change.</summary>
    public (IReadOnlyList<string> Lines, bool Terminated, Task Changed) Read(int from)
    {
        lock (_lock)
        {
            return (_lines.Skip(from).ToList(), Terminated, _changed.Task);
        }
    }

    /// <summary>The whole log so far.</summary>
    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return _lines.ToList();
            }
        }
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
