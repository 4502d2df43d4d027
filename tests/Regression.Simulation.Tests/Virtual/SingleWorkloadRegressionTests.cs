using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

/// <summary>The SingleWorkload case in virtual time, judged with the repository's default Analysis settings.</summary>
public sealed class SingleWorkloadRegressionTests(SingleWorkloadRuns runs) : IClassFixture<SingleWorkloadRuns>
{
    [Fact]
    public void Unchanged_AnotherSeed_NoMetricRegressed()
    {
        var comparison = runs.CompareAfterChange(SweepChanges.Unchanged);

        Assert.True(comparison.Verdict != Verdict.Regressed, Reasons(comparison));
    }

    [Fact]
    public void RoundRobin_OneModelOnIdenticalReplicas_RegressesNoMetric()
    {
        // True in the simulator and explainable: one model, prompts all close to the 1,024-token cap
        // and identical replicas, so requests cost about the same wherever they go. Strict rotation
        // then spreads the load as evenly as anything can, while the endpoint picker decides on
        // states up to a scrape interval old and picks at random within its least-queue band. What
        // the picker is for (LoRA affinity, uneven requests) is not in this case; see MultiLora.
        var comparison = runs.CompareAfterChange(SweepChanges.RoundRobin);

        Assert.True(comparison.Verdict != Verdict.Regressed, Reasons(comparison));
        Assert.All(comparison.Metrics, metric => Assert.DoesNotContain(metric.Rates, rate => rate.Verdict == RateVerdict.Worse));
    }

    [Fact]
    public void DecodeTenPercentSlower_FailsOnBothLatencyMetrics()
    {
        var comparison = runs.CompareAfterChange(SweepChanges.SlowerDecode(1.10));

        Assert.Equal(Verdict.Regressed, comparison.Verdict);
        var regressed = comparison.RegressedMetrics.Select(m => m.Metric).ToArray();
        Assert.Contains(CoreMetric.P90NormalizedTimePerOutputToken, regressed);
        Assert.Contains(CoreMetric.P90Latency, regressed);
        Assert.DoesNotContain(CoreMetric.PromptsAttempted, regressed);
        Assert.DoesNotContain(CoreMetric.PromptsSucceeded, regressed);
    }

    private static string Reasons(SweepComparison comparison) =>
        string.Join(Environment.NewLine, comparison.Metrics.Select(m => $"{m.Verdict}: {m.Reason}"));
}
