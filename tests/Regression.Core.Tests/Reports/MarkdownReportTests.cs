using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Tests.Analysis;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Reports;

/// <summary>The report's layout, checked exactly; its numbers are checked separately below.</summary>
public sealed class MarkdownReportTests
{
    private const string Title = "Regression report: SingleWorkload";

    private static readonly string[] MetricHeadings = CoreMetrics.All.Select(d => $"## {d.DisplayName} ({d.Unit})").ToArray();

    [Fact]
    public void Render_Headings_TitleSummaryOnePerMetricAndMethodInOrder()
    {
        var lines = Lines(Render());

        Assert.Equal(
            [$"# {Title}", "## Summary", .. MetricHeadings, "## How the verdict is decided"],
            lines.Where(l => l.StartsWith('#')));
    }

    [Fact]
    public void Render_VerdictSentence_ComesRightAfterTheTitle()
    {
        var lines = Lines(Render());

        Assert.Equal([$"# {Title}", string.Empty, "**REGRESSED:** P90 latency (+12.0 % at 340 req/s). 4 other metrics unchanged."], lines.Take(3));
        Assert.Equal("Baseline: 3 runs (baseline-0; baseline-1; baseline-2). Current: current.", lines[4]);
    }

    [Fact]
    public void Render_SummaryTable_HasFourColumnsAndOneRowPerMetric()
    {
        var table = TableAfter(Lines(Render()), "## Summary");

        Assert.Equal("| Metric | R² | Verdict | Reason |", table[0]);
        Assert.Equal("| --- | ---: | --- | --- |", table[1]);
        Assert.Equal(CoreMetrics.All.Select(d => d.DisplayName), table.Skip(2).Select(row => Cells(row)[0]));
        Assert.All(table, row => Assert.Equal(4, Cells(row).Length));
        Assert.Equal(["Unchanged", "Unchanged", "Unchanged", "Unchanged", "Regressed"], table.Skip(2).Select(row => Cells(row)[2]));
    }

    [Fact]
    public void Render_MetricSections_VerdictLineRSquaredLineAndARateTable()
    {
        var lines = Lines(Render());

        foreach (var heading in MetricHeadings)
        {
            var at = lines.IndexOf(heading);
            Assert.Matches("^(Unchanged|Improved|Regressed|Not computable): .+\\.$", lines[at + 2]);
            Assert.StartsWith("R² ", lines[at + 4], StringComparison.Ordinal);
            var table = TableAfter(lines, heading);
            Assert.Equal("| Rate (req/s) | Baseline (mean ± sd, runs) | Current | Delta | Allowed | Verdict |", table[0]);
            Assert.Equal("| ---: | ---: | ---: | ---: | ---: | --- |", table[1]);
            Assert.Equal(["300", "310", "320", "330", "340", "350"], table.Skip(2).Select(row => Cells(row)[0]));
            Assert.All(table, row => Assert.Equal(6, Cells(row).Length));
        }
    }

    [Fact]
    public void Render_MissingRates_NotedUnderEachMetricsTable()
    {
        var comparison = SweepComparer.Compare(
            SampleSweeps.Baseline(0.001), SampleSweeps.Run("current", SampleSweeps.Typical, 310, 320, 330, 340, 350, 360), SampleSweeps.PerRateSettings);

        var lines = Lines(MarkdownReport.Render(comparison, Title));

        Assert.Equal(5, lines.Count(l => l == "Missing from the current run: 300 req/s."));
        Assert.Equal(5, lines.Count(l => l == "Missing from the baseline: 360 req/s."));
        Assert.EndsWith("No current value at 300 req/s. No baseline value at 360 req/s.", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Text_HasLfLineEndingsAndATrailingNewline()
    {
        var text = Render();

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith(".\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Numbers_RateRowShowsMeanSdRunsCurrentDeltaAllowedAndVerdict()
    {
        var table = TableAfter(Lines(Render()), "## P90 latency (ms)");

        Assert.Equal("| 340 | 4,800 ± 4.8 (3 runs) | 5,376 | +12.0 % | 3.0 % | Worse |", table.Single(row => row.StartsWith("| 340 ", StringComparison.Ordinal)));
        Assert.Equal("| 300 | 4,000 ± 4 (3 runs) | 4,000 | +0.0 % | 3.0 % | Same |", table.Single(row => row.StartsWith("| 300 ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_Numbers_MethodStatesConfidenceAndThresholds()
    {
        var lines = Lines(Render());

        Assert.Contains(lines, l => l.Contains("its 99 % two-sided Student-t band", StringComparison.Ordinal));
        Assert.Contains(
            "- Thresholds: Prompts attempted 1.0 % (1 worse rate to fail, min R² 0.95); Prompts succeeded 1.0 % (1 worse rate to fail, min R² 0.95); " +
            "Output tokens/min 3.0 % (1 worse rate to fail); P90 normalized time per output token 3.0 % (1 worse rate to fail); " +
            "P90 latency 3.0 % (1 worse rate to fail).",
            lines);
    }

    [Fact]
    public void Render_SingleRunBaseline_ShowsNoSpread()
    {
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], SampleSweeps.TypicalRun(), SampleSweeps.PerRateSettings);

        var table = TableAfter(Lines(MarkdownReport.Render(comparison, Title)), "## P90 latency (ms)");

        Assert.Equal("4,000 (1 run)", Cells(table[2])[1]);
    }

    [Fact]
    public void Render_DroppedValues_ListedAfterTheSummaryAndInTheMetricSection()
    {
        var current = SampleSweeps.TypicalRun().With(CoreMetric.P90Latency, 320, double.NaN);
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, SampleSweeps.PerRateSettings);

        var lines = Lines(MarkdownReport.Render(comparison, Title));

        var heading = lines.IndexOf(DroppedValuesText.Heading + ":");
        Assert.True(heading > lines.IndexOf("## Summary"), "the dropped values follow the summary");
        Assert.Equal("- P90 latency: rate 320 dropped (current: NaN)", lines[heading + 2]);
        Assert.Contains("Dropped for lack of a value: rate 320 dropped (current: NaN).", lines.Skip(lines.IndexOf("## P90 latency (ms)")));
    }

    [Fact]
    public void Render_Warnings_ABoldParagraphAfterTheVerdict()
    {
        var comparison = Comparison() with { Warnings = ["Mixed formats: something to know."] };

        var lines = Lines(MarkdownReport.Render(comparison, Title));

        Assert.Equal("**Warning:** Mixed formats: something to know.", lines[4]);
    }

    [Fact]
    public void Render_NothingDropped_NoDroppedValuesParagraph()
    {
        Assert.DoesNotContain(DroppedValuesText.Heading, Render(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_WritesReportMdIntoTheFolder()
    {
        using var folder = new TemporaryFolder();
        var comparison = Comparison();

        var path = await MarkdownReport.WriteAsync(folder.Combine("run"), comparison, Title, CancellationToken.None);

        Assert.Equal(folder.Combine("run", "report.md"), path);
        Assert.Equal(MarkdownReport.Render(comparison, Title), await File.ReadAllTextAsync(path));
    }

    private static SweepComparison Comparison() =>
        SweepComparer.Compare(
            SampleSweeps.Baseline(0.001), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.12, atRate: 340), SampleSweeps.PerRateSettings);

    private static string Render() => MarkdownReport.Render(Comparison(), Title);

    private static List<string> Lines(string text) => text.Split('\n').ToList();

    // The table that starts at the first '|' line after a heading.
    private static List<string> TableAfter(List<string> lines, string heading)
    {
        var start = lines.FindIndex(lines.IndexOf(heading), l => l.StartsWith('|'));
        return lines.Skip(start).TakeWhile(l => l.StartsWith('|')).ToList();
    }

    private static string[] Cells(string row) =>
        row.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();
}
