using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Settings;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Reports;

/// <summary>The MDC, the inconclusive verdict and the too-noisy line in the headline, the console and the row message.</summary>
public sealed class DetectabilityTextTests
{
    private static readonly AnalysisSettings Defaults = new();

    [Fact]
    public void Headline_InconclusiveMetric_NamesItsAverageBandAndTheRunsThatWouldResolveIt()
    {
        var comparison = SweepComparer.Compare(NoisyLatency(SweepComparerShiftTests.Replicates(2, 0.05)), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10), Defaults);

        Assert.Equal(
            "INCONCLUSIVE: P90 latency (+10.0 % worse on average over 6 rates, inside its noise band ±13.1 %; 4 baseline runs would resolve it). " +
            "4 other metrics unchanged. Baseline too noisy to see a 5.0 % change in P90 latency " +
            "(MDC 20.0 % with 2 runs; no baseline of up to 100 runs would reach 5.0 %).",
            ComparisonHeadline.Describe(comparison));
    }

    [Fact]
    public void TooNoisyLine_ReachableTarget_NamesTheMdcTheRunsAndTheRunsThatWouldReachIt()
    {
        var comparison = SweepComparer.Compare(NoisyLatency(SampleSweeps.Baseline(0.025)), SampleSweeps.TypicalRun(), Defaults);
        var latency = comparison.For(CoreMetric.P90Latency);

        Assert.Equal(
            $"Baseline too noisy to see a 5.0 % change in P90 latency (MDC 5.7 % with 3 runs; {latency.RunsToReachTarget} runs would reach 5.0 %).",
            DetectabilityText.TooNoisyLine(comparison));
        Assert.EndsWith(DetectabilityText.TooNoisyLine(comparison)!, ComparisonHeadline.Describe(comparison), StringComparison.Ordinal);
    }

    [Fact]
    public void TooNoisyLine_QuietBaselineOrATargetBelowTheTolerance_None()
    {
        var quiet = SweepComparer.Compare(NoisyLatency(SweepComparerShiftTests.Replicates(10, 0.001)), SampleSweeps.TypicalRun(), Defaults);
        var strict = SweepComparer.Compare(NoisyLatency(SampleSweeps.Baseline(0.025)), SampleSweeps.TypicalRun(), Defaults with { TargetDetectableChange = 0.02 });

        Assert.Null(DetectabilityText.TooNoisyLine(quiet));
        Assert.Null(DetectabilityText.TooNoisyLine(strict));
    }

    [Fact]
    public void RowMessage_Regressed_NamesVerdictWorseningBandToleranceAndMdc()
    {
        var comparison = SweepComparer.Compare(SweepComparerShiftTests.Replicates(10, 0.01), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.05), Defaults);

        var message = DetectabilityText.RowMessage(comparison.For(CoreMetric.P90Latency));

        Assert.StartsWith(
            "REGRESSED: P90 latency +5.0 % worse on average (noise band ±1.2 %, tolerance 3.0 %, MDC 3.8 % with 10 runs). P90 latency +5.0 % worse on average",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RowMessage_Inconclusive_AlsoNamesTheRunsThatWouldResolveIt()
    {
        var comparison = SweepComparer.Compare(NoisyLatency(SweepComparerShiftTests.Replicates(2, 0.05)), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10), Defaults);

        var message = DetectabilityText.RowMessage(comparison.For(CoreMetric.P90Latency));

        Assert.StartsWith(
            "INCONCLUSIVE: P90 latency +10.0 % worse on average (noise band ±13.1 %, tolerance 3.0 %, MDC 20.0 % with 2 runs; " +
            "no baseline of up to 100 runs would reach 5.0 %); 4 baseline runs would resolve it. P90 latency inconclusive:",
            message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RowMessage_OneRunBaseline_SaysTheMdcIsUnknown()
    {
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("only")], SampleSweeps.TypicalRun(), Defaults);

        Assert.StartsWith(
            "UNCHANGED: P90 latency +0.0 % worse on average (no noise band (one baseline run), tolerance 3.0 %, MDC unknown (one baseline run)).",
            DetectabilityText.RowMessage(comparison.For(CoreMetric.P90Latency)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void ConsoleSummary_InconclusiveMetric_ListedWithItsVerdictAndMdc()
    {
        var comparison = SweepComparer.Compare(NoisyLatency(SweepComparerShiftTests.Replicates(2, 0.05)), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10), Defaults);

        var row = ConsoleSummary.Render(comparison).Split('\n').Single(line => line.StartsWith("P90 latency ", StringComparison.Ordinal));

        Assert.Matches(@"^P90 latency +\S+ +Inconclusive +20\.0 % +P90 latency inconclusive: ", row);
    }

    [Fact]
    public void MarkdownReport_MetricReason_CarriesTheBandAndTheMdc()
    {
        var comparison = SweepComparer.Compare(NoisyLatency(SweepComparerShiftTests.Replicates(2, 0.05)), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.10), Defaults);

        var report = MarkdownReport.Render(comparison, "Noisy");

        Assert.Contains("| Inconclusive | P90 latency inconclusive: +10.0 % worse on average over 6 rates, beyond its tolerance 3.0 % " +
            "but inside its noise band ±13.1 %; 4 baseline runs would resolve it; MDC 20.0 % |", report, StringComparison.Ordinal);
        Assert.Contains("Baseline too noisy to see a 5.0 % change in P90 latency", report, StringComparison.Ordinal);
    }

    // The runs of <paramref name="source"/> with only their p90 latency kept, every other metric exact.
    private static SweepValues[] NoisyLatency(IReadOnlyList<SweepValues> source) =>
        source
            .Zip(Enumerable.Range(0, source.Count).Select(i => SampleSweeps.TypicalRun($"exact-{i}")))
            .Select(pair => pair.Second with
            {
                Rates = pair.Second.Rates
                    .Zip(pair.First.Rates, (exact, noisy) => exact with
                    {
                        Values = CoreMetricValues.Create(m => m == CoreMetric.P90Latency ? noisy.Values.Get(m) : exact.Values.Get(m)),
                    })
                    .ToArray(),
            })
            .ToArray();
}
