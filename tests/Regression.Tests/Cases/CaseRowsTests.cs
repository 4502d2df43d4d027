using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Settings;

namespace Regression.Tests.Cases;

/// <summary>How a metric's verdict becomes its row: which verdicts fail, and what the message says.</summary>
public sealed class CaseRowsTests
{
    private static readonly double[] Rates = [300, 310, 320, 330, 340, 350];

    [Fact]
    public void Metric_Regressed_FailsNamingVerdictWorseningBandToleranceAndMdc()
    {
        var row = CaseRows.Metric(Outcome(Compare(runs: 10, spread: 0.01, latencyFactor: 1.05, new AnalysisSettings())), CoreMetric.P90Latency);

        Assert.False(row.Passed);
        Assert.StartsWith("REGRESSED: P90 latency +5.0 % worse on average (noise band ±1.2 %, tolerance 3.0 %, MDC 3.8 % with 10 runs).", row.Message, StringComparison.Ordinal);
        Assert.EndsWith("Report: report.html", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_InconclusiveByDefault_FailsNamingTheRunsThatWouldResolveIt()
    {
        var row = CaseRows.Metric(Outcome(Compare(runs: 2, spread: 0.05, latencyFactor: 1.10, new AnalysisSettings())), CoreMetric.P90Latency);

        Assert.False(row.Passed);
        Assert.StartsWith("INCONCLUSIVE: P90 latency +10.0 % worse on average (noise band ±13.1 %", row.Message, StringComparison.Ordinal);
        Assert.Contains("; 4 baseline runs would resolve it.", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metric_InconclusiveAllowed_PassesWithAWarning()
    {
        var settings = new AnalysisSettings { InconclusiveFails = false };

        var row = CaseRows.Metric(Outcome(Compare(runs: 2, spread: 0.05, latencyFactor: 1.10, settings)), CoreMetric.P90Latency);

        Assert.True(row.Passed);
        Assert.StartsWith($"{CaseRows.WarningLead} INCONCLUSIVE: P90 latency", row.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.8)]
    public void Metric_UnchangedOrImproved_Passes(double latencyFactor)
    {
        var row = CaseRows.Metric(Outcome(Compare(runs: 2, spread: 0.05, latencyFactor, new AnalysisSettings())), CoreMetric.P90Latency);

        Assert.True(row.Passed, row.Message);
        Assert.DoesNotContain("WARNING", row.Message, StringComparison.Ordinal);
    }

    private static CaseOutcome Outcome(SweepComparison comparison) =>
        new(new SweepResult { Format = ResultFormat.Lpg, Source = "current", Rates = [] }, comparison, null, "run", "report.html");

    // Baseline runs alternating ±spread from run to run and rate to rate (each rate's mean exact), against a
    // current run with its p90 latency scaled.
    private static SweepComparison Compare(int runs, double spread, double latencyFactor, AnalysisSettings settings)
    {
        var baseline = Enumerable.Range(0, runs)
            .Select(run => Sweep($"baseline-{run}", (metric, i) => metric == CoreMetric.P90Latency ? 1 + (spread * ((run + i) % 2 == 0 ? 1 : -1)) : 1))
            .ToArray();
        var current = Sweep("current", (metric, _) => metric == CoreMetric.P90Latency ? latencyFactor : 1);
        return SweepComparer.Compare(baseline, current, settings);
    }

    private static SweepValues Sweep(string label, Func<CoreMetric, int, double> factor) =>
        new(label, Rates.Select((rate, i) => new RateValues(rate, CoreMetricValues.Create(m => (1000 + rate) * factor(m, i)))).ToArray());
}
