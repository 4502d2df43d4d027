using Regression.Core.Baselines;
using Regression.Core.Metrics;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Baselines;

public sealed class BaselineRunTests
{
    [Fact]
    public void FromSweep_KeepsRawCoreValuesAndSanityFiguresPerRate()
    {
        var sweep = SampleSweeps.Result("folder/run-a", SampleSweeps.Typical, 300, 310);

        var run = BaselineRun.FromSweep(sweep, seed: 7, SampleBaselines.RecordedAt);

        Assert.Equal(7, run.Seed);
        Assert.Equal("folder/run-a", run.Source);
        Assert.Equal(SampleBaselines.RecordedAt, run.RecordedAt);
        Assert.Equal([300.0, 310.0], run.Rates.Select(r => r.RequestRate));
        var rate = run.Rates[1];
        Assert.Equal(6200, rate.Metrics.PromptsAttempted);
        Assert.Equal(SampleSweeps.Typical(CoreMetric.OutputTokensPerMinute, 310), rate.Metrics.OutputTokensPerMinute, precision: 6);
        Assert.Equal(SampleSweeps.Typical(CoreMetric.P90Latency, 310), rate.Metrics.P90LatencyMs);
        Assert.Equal(SampleSweeps.Typical(CoreMetric.P90NormalizedTimePerOutputToken, 310), rate.Metrics.P90NormalizedTimePerOutputTokenMs);
        Assert.Equal(3, rate.ErrorsTotal);
        Assert.Equal(21.5, rate.BenchmarkTimeSeconds);
        Assert.Equal(310 * 0.99, rate.AchievedRate);
    }

    [Fact]
    public void ToSweepValues_LabelsTheRunWithItsSeed()
    {
        var run = BaselineRun.FromSweep(SampleSweeps.Result("embedded", SampleSweeps.Typical, 300), seed: 3, SampleBaselines.RecordedAt);

        var values = run.ToSweepValues();

        Assert.Equal("embedded (seed 3)", values.Label);
        Assert.Equal(run.Rates[0].Metrics, values.Rates[0].Values);
    }
}
