using System.Diagnostics;

namespace Regression.Cli.Commands.Bench;

/// <summary>The process's CPU time and garbage collections over a window: the cluster, the gateway and the sender together.</summary>
internal sealed class ProcessMeter
{
    private TimeSpan _cpu;
    private long _wall;
    private int _gen0;
    private int _gen2;
    private long _allocated;
    private TimeSpan _paused;

    /// <summary>Starts (or restarts) the window.</summary>
    public void Start()
    {
        using var process = Process.GetCurrentProcess();
        _cpu = process.TotalProcessorTime;
        _wall = Stopwatch.GetTimestamp();
        _gen0 = GC.CollectionCount(0);
        _gen2 = GC.CollectionCount(2);
        _allocated = GC.GetTotalAllocatedBytes();
        _paused = GC.GetTotalPauseDuration();
    }

    /// <summary>The window so far.</summary>
    public ProcessUse Read()
    {
        using var process = Process.GetCurrentProcess();
        var wall = Stopwatch.GetElapsedTime(_wall);
        var cpu = process.TotalProcessorTime - _cpu;
        return new ProcessUse(
            wall.TotalSeconds,
            cpu.TotalSeconds / wall.TotalSeconds / Environment.ProcessorCount,
            GC.CollectionCount(0) - _gen0,
            GC.CollectionCount(2) - _gen2,
            (GC.GetTotalAllocatedBytes() - _allocated) / wall.TotalSeconds,
            (GC.GetTotalPauseDuration() - _paused).TotalMilliseconds);
    }
}
