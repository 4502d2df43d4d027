using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

public sealed class SweepComparerGateTests
{
    // A wide tolerance keeps every rate Same, so only the R² gate can decide.
    private static readonly AnalysisSettings GateOnly = new()
    {
        PromptsAttempted = new MetricThresholds { RelativeTolerance = 0.5, MinRSquared = 0.95 },
    };

    [Fact]
    public void Compare_RSquaredBelowMinimumAndWorseOnAverage_Regressed()
    {
        // Upstream's own example: a uniform 2 % drop of prompts attempted scores R² 0.855.
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.PromptsAttempted, 0.98);

        var attempted = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, GateOnly).For(CoreMetric.PromptsAttempted);

        Assert.Equal(0.8547428571428571, attempted.RSquared.Value!.Value, precision: 12);
        Assert.All(attempted.Rates, r => Assert.Equal(RateVerdict.Same, r.Verdict));
        Assert.True(attempted.FailedRSquaredGate);
        Assert.Equal(Verdict.Regressed, attempted.Verdict);
        Assert.Equal(
            "Prompts attempted: R² 0.8547 below the minimum 0.95 while 2.0 % worse on average (a shape change in the worse direction); " +
            "no single rate beyond its allowed band; MDC unknown (one baseline run)",
            attempted.Reason);
    }

    [Fact]
    public void Compare_RSquaredBelowMinimumButBetterOnAverage_NotRegressed()
    {
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.PromptsAttempted, 1.02);

        var attempted = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, GateOnly).For(CoreMetric.PromptsAttempted);

        Assert.True(attempted.RSquared.Value < 0.95);
        Assert.False(attempted.FailedRSquaredGate);
        Assert.Equal(Verdict.Unchanged, attempted.Verdict);
    }

    [Fact]
    public void Compare_NoMinimumRSquared_RSquaredReportedNotJudged()
    {
        var settings = GateOnly with { PromptsAttempted = GateOnly.PromptsAttempted with { MinRSquared = null } };
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.PromptsAttempted, 0.98);

        var attempted = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, settings).For(CoreMetric.PromptsAttempted);

        Assert.True(attempted.RSquared.IsComputable);
        Assert.Equal(Verdict.Unchanged, attempted.Verdict);
    }

    [Fact]
    public void Compare_RateWorseAndGateFailed_ReasonNamesBoth()
    {
        var settings = new AnalysisSettings { P90Latency = new MetricThresholds { RelativeTolerance = 0.08, MinRSquared = 0.9 } };
        var current = SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.2).Scale(CoreMetric.P90Latency, 1.1, atRate: 350);

        var latency = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, settings).For(CoreMetric.P90Latency);

        Assert.Equal(Verdict.Regressed, latency.Verdict);
        Assert.True(latency.FailedRSquaredGate);
        Assert.StartsWith(
            "P90 latency +22.0 % worse on average over 6 rates (allowed 8.0 %: tolerance 8.0 %, no noise band from 1 baseline run); " +
            "+32.0 % at 350 req/s (allowed 8.0 %: tolerance 8.0 %, no noise band from 1 baseline run); worse at 6 of 6 rates; R² ",
            latency.Reason,
            StringComparison.Ordinal);
    }
}
