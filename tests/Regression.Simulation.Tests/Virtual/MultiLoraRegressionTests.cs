using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

/// <summary>The MultiLora case in virtual time, judged with the repository's default Analysis settings.</summary>
public sealed class MultiLoraRegressionTests(MultiLoraRuns runs) : IClassFixture<MultiLoraRuns>
{
    [Fact]
    public void Unchanged_AnotherSeed_NoMetricRegressed()
    {
        var comparison = runs.CompareAfterChange(SweepChanges.Unchanged);

        Assert.True(comparison.Verdict != Verdict.Regressed, Reasons(comparison));
    }

    [Fact]
    public void RoundRobin_LosesLoraAffinity_FailsOnLatencyAndThroughput()
    {
        // Round-robin sends every adapter to every replica; with 15 adapters and 3 slots a replica's
        // requests queue for an adapter slot, latency explodes and the drain stretches benchmark_time.
        var comparison = runs.CompareAfterChange(SweepChanges.RoundRobin);

        Assert.Equal(Verdict.Regressed, comparison.Verdict);
        var regressed = comparison.RegressedMetrics.Select(m => m.Metric).ToArray();
        Assert.Contains(CoreMetric.P90Latency, regressed);
        Assert.Contains(CoreMetric.P90NormalizedTimePerOutputToken, regressed);
        Assert.Contains(CoreMetric.OutputTokensPerMinute, regressed);
        Assert.DoesNotContain(CoreMetric.PromptsAttempted, regressed);
    }

    [Fact]
    public void DecodeTenPercentSlower_FailsOnP90Latency()
    {
        var comparison = runs.CompareAfterChange(SweepChanges.SlowerDecode(1.10));

        Assert.Equal(Verdict.Regressed, comparison.Verdict);
        var regressed = comparison.RegressedMetrics.Select(m => m.Metric).ToArray();
        Assert.Contains(CoreMetric.P90Latency, regressed);
        Assert.DoesNotContain(CoreMetric.PromptsAttempted, regressed);
        Assert.DoesNotContain(CoreMetric.PromptsSucceeded, regressed);
    }

    private static string Reasons(SweepComparison comparison) =>
        string.Join(Environment.NewLine, comparison.Metrics.Select(m => $"{m.Verdict}: {m.Reason}"));
}
