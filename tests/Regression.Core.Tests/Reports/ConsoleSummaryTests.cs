using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Tests.Analysis;

namespace Regression.Core.Tests.Reports;

public sealed class ConsoleSummaryTests
{
    [Fact]
    public void Render_HeadlineThenAnAlignedTable()
    {
        var comparison = SweepComparer.Compare(
            SampleSweeps.Baseline(0.001), SampleSweeps.TypicalRun().Scale(CoreMetric.OutputTokensPerMinute, 0.8), SampleSweeps.PerRateSettings);

        var lines = ConsoleSummary.Render(comparison).Split('\n');

        Assert.Equal(ComparisonHeadline.Describe(comparison), lines[0]);
        Assert.Equal(string.Empty, lines[1]);
        Assert.Equal(string.Empty, lines[^1]);
        var starts = ColumnStarts(lines[3]);
        Assert.Equal(5, starts.Length);
        Assert.Equal(ConsoleSummary.Columns, starts.Select((start, i) => Column(lines[2], starts, i)));
        var rows = lines[4..^1];
        Assert.Equal(CoreMetrics.All.Select(d => d.DisplayName), rows.Select(row => Column(row, starts, 0)));
        Assert.Equal(comparison.Metrics.Select(m => m.RSquared.ToString()), rows.Select(row => Column(row, starts, 1)));
        Assert.Equal(["Unchanged", "Unchanged", "Regressed", "Unchanged", "Unchanged"], rows.Select(row => Column(row, starts, 2)));
        Assert.Equal(["1.1 %", "1.1 %", "3.1 %", "3.1 %", "3.1 %"], rows.Select(row => Column(row, starts, 3)));
        Assert.Equal(comparison.Metrics.Select(m => m.Reason), rows.Select(row => Column(row, starts, 4)));
        Assert.All(lines, line => Assert.Equal(line.TrimEnd(), line));
    }

    [Fact]
    public void Render_DroppedValues_ListedAfterTheTableOnePerMetricAndRate()
    {
        var current = SampleSweeps.TypicalRun().With(CoreMetric.P90Latency, 320, double.NaN).With(CoreMetric.OutputTokensPerMinute, 340, double.NaN);
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], current, SampleSweeps.PerRateSettings);

        var lines = ConsoleSummary.Render(comparison).Split('\n');

        Assert.Equal(
            [DroppedValuesText.Heading + ":", "  Output tokens/min: rate 340 dropped (current: NaN)", "  P90 latency: rate 320 dropped (current: NaN)", string.Empty],
            lines[^4..]);
    }

    [Fact]
    public void Render_Warnings_RightUnderTheHeadline()
    {
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("before")], SampleSweeps.TypicalRun(), SampleSweeps.PerRateSettings) with
        {
            Warnings = ["Mixed formats: something to know."],
        };

        var lines = ConsoleSummary.Render(comparison).Split('\n');

        Assert.Equal("WARNING: Mixed formats: something to know.", lines[1]);
        Assert.Equal(string.Empty, lines[2]);
    }

    // Column starts from the dashed rule: runs of '-' separated by two spaces.
    private static int[] ColumnStarts(string rule) =>
        Enumerable.Range(0, rule.Length).Where(i => rule[i] == '-' && (i == 0 || rule[i - 1] == ' ')).ToArray();

    private static string Column(string line, int[] starts, int index)
    {
        var start = starts[index];
        var end = index + 1 < starts.Length ? starts[index + 1] : line.Length;
        return line[start..Math.Min(end, line.Length)].Trim();
    }
}
