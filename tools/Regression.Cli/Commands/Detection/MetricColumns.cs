using Regression.Core.Metrics;

namespace Regression.Cli.Commands.Detection;

/// <summary>The core metrics as table columns, in <see cref="CoreMetrics.All"/> order.</summary>
internal static class MetricColumns
{
    /// <summary>Short headers: a table with five long metric names is unreadable.</summary>
    public static IReadOnlyList<string> Headers { get; } = ["attempted", "succeeded", "output tok/min", "p90 NTPOT", "p90 latency"];

    /// <summary>The metrics in column order.</summary>
    public static IReadOnlyList<CoreMetric> Metrics { get; } = CoreMetrics.All.Select(d => d.Metric).ToArray();
}
