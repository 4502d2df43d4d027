using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports.Document;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Reports;

public sealed class MetricOverviewTests
{
    [Fact]
    public void Verdict_WorseOnAverage_NamesTheVerdictAndTheAverageWorsening()
    {
        var metric = Compare(SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10)).For(CoreMetric.P90Latency);

        Assert.Equal("Regressed, 10.0 % worse on average", MetricOverview.Verdict(metric));
        Assert.Equal("P90 latency\nRegressed, 10.0 % worse on average", MetricOverview.Title(metric));
    }

    [Fact]
    public void Verdict_HigherIsBetterMetricRose_SaysBetter()
    {
        var metric = Compare(SampleSweeps.TypicalRun().Scale(CoreMetric.OutputTokensPerMinute, 1.10)).For(CoreMetric.OutputTokensPerMinute);

        Assert.Equal("Improved, 10.0 % better on average", MetricOverview.Verdict(metric));
    }

    [Fact]
    public void Verdict_Identical_NoChangeOnAverage()
    {
        var metric = Compare(SampleSweeps.TypicalRun()).For(CoreMetric.P90Latency);

        Assert.Equal("Unchanged, no change on average", MetricOverview.Verdict(metric));
    }

    [Fact]
    public void Verdict_NoRateInCommon_VerdictOnly()
    {
        var metric = Compare(SampleSweeps.Run("current", SampleSweeps.Typical, 500)).For(CoreMetric.P90Latency);

        Assert.Equal("Not computable", MetricOverview.Verdict(metric));
    }

    private static SweepComparison Compare(SweepValues current) =>
        SweepComparer.Compare(SampleSweeps.Baseline(0.001), current, SampleSweeps.PerRateSettings);
}
