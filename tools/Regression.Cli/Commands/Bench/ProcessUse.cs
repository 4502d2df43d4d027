namespace Regression.Cli.Commands.Bench;

/// <summary>What the process used over a window.</summary>
/// <param name="WallSeconds">The window's length.</param>
/// <param name="CpuShare">CPU time ÷ wall time ÷ cores: 1 is every core busy.</param>
/// <param name="Gen0Collections">Generation-0 collections in the window.</param>
/// <param name="Gen2Collections">Full collections in the window.</param>
/// <param name="AllocatedBytesPerSecond">Managed allocation rate.</param>
/// <param name="GcPauseMilliseconds">Time the garbage collector paused the process in the window.</param>
internal sealed record ProcessUse(double WallSeconds, double CpuShare, int Gen0Collections, int Gen2Collections, double AllocatedBytesPerSecond, double GcPauseMilliseconds);
