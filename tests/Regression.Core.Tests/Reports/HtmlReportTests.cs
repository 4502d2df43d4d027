using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Reports.Document;
using Regression.Core.Tests.Analysis;
using Regression.Core.Tests.Results;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Reports;

/// <summary>report.html's layout: the verdict and overview plots first, then the detail, then the per-adapter breakdown.</summary>
public sealed class HtmlReportTests
{
    private const string Title = "Regression report: MultiLora";

    private static readonly ReportPlots Plots = new(
        CoreMetrics.All.ToDictionary(d => d.Metric, d => $"plots/{d.Metric}-overview.svg"),
        CoreMetrics.All.ToDictionary(d => d.Metric, d => $"plots/{d.Metric}.svg"));

    [Fact]
    public void Render_VerdictLine_LargeRightAfterTheTitleAndBeforeTheFirstTable()
    {
        var html = Render();

        var verdict = html.IndexOf(
            "<p class=\"verdict regressed\"><strong>REGRESSED:</strong> P90 latency (+12.0 % at 340 req/s). 4 other metrics unchanged.</p>",
            StringComparison.Ordinal);
        Assert.True(verdict > html.IndexOf($"<h1>{Title}</h1>", StringComparison.Ordinal), "the verdict follows the title");
        Assert.True(verdict < html.IndexOf("<table>", StringComparison.Ordinal), "the verdict comes before the first table");
        Assert.Contains("p.verdict{font-size:", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_VerdictStyle_NamedAfterTheVerdict()
    {
        var unchanged = SweepComparer.Compare(SampleSweeps.Baseline(0.001), SampleSweeps.TypicalRun(), SampleSweeps.PerRateSettings);

        var html = HtmlReport.Render(unchanged, Title, Plots, current: null);

        Assert.Contains("<p class=\"verdict unchanged\"><strong>UNCHANGED:</strong>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Overview_OneFigurePerMetricInOrderBeforeTheFirstTable()
    {
        var html = Render();

        var grid = html.IndexOf("<div class=\"overview\">", StringComparison.Ordinal);
        Assert.InRange(grid, html.IndexOf("class=\"verdict", StringComparison.Ordinal), html.IndexOf("<table>", StringComparison.Ordinal));
        var figures = html[grid..html.IndexOf("</div>", grid, StringComparison.Ordinal)].Split("<figure>").Skip(1).ToArray();
        Assert.Equal(CoreMetrics.All.Select(d => $"plots/{d.Metric}-overview.svg"), figures.Select(f => f.Split('"')[1]));
        Assert.Contains("<figcaption>P90 latency: Regressed, 2.0 % worse on average</figcaption>", html, StringComparison.Ordinal);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(MetricOverview.Legend), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DetailPlots_OneImagePerMetricSection()
    {
        var html = Render();

        Assert.Equal(CoreMetrics.All.Count, html.Split("<p><img ").Length - 1);
        Assert.True(
            html.IndexOf("<p><img src=\"plots/P90Latency.svg\"", StringComparison.Ordinal) > html.IndexOf("<h2>P90 latency (ms)</h2>", StringComparison.Ordinal),
            "the large plot is in its metric's section");
    }

    [Fact]
    public void Render_NoOverviewPlots_NoGrid()
    {
        var html = HtmlReport.Render(Comparison(), Title, new Dictionary<CoreMetric, string>());

        Assert.DoesNotContain("class=\"overview\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(MetricOverview.Legend), html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiModelSweep_AdapterTablesAfterTheMetricSections()
    {
        var html = HtmlReport.Render(Comparison(), Title, Plots, LpgRuns.MultiLora());

        var section = html.IndexOf($"<h2>{AdapterBreakdown.Heading}</h2>", StringComparison.Ordinal);
        Assert.True(section > html.IndexOf("<h2>P90 latency (ms)</h2>", StringComparison.Ordinal), "the breakdown follows the metric sections");
        Assert.Contains("The baseline keeps only the overall figures", html, StringComparison.Ordinal);
        var tables = html[section..].Split("<table>").Skip(1).Take(2).ToArray();
        Assert.All(tables, t => Assert.StartsWith("<thead><tr><th>Model</th><th class=\"num\">20 req/s</th>", t, StringComparison.Ordinal));
        Assert.All(tables, t => Assert.Equal(LpgRuns.Adapters.Count + 1, t.Split("<tr>").Length - 2));
        Assert.All(tables, t => Assert.Contains($"<tr><td>{AdapterBreakdown.AllRow}</td>", t, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_SingleModelSweep_NoAdapterSection()
    {
        var html = HtmlReport.Render(Comparison(), Title, Plots, LpgRuns.SingleWorkload());

        Assert.DoesNotContain(AdapterBreakdown.Heading, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_AdaptersOutOfOrder_RequestedOrderKept()
    {
        var sweep = LpgRuns.MultiLora();

        Assert.Equal(LpgRuns.Adapters, AdapterBreakdown.Models(sweep with { Models = [] }));
        Assert.Equal(LpgRuns.Adapters.Reverse(), AdapterBreakdown.Models(sweep with { Models = [.. LpgRuns.Adapters.Reverse()] }));
    }

    [Fact]
    public void Render_AdapterCells_SuccessesWithFailuresInBracketsAndP90Latency()
    {
        var sweep = LpgRuns.MultiLora();
        var rate = sweep.Rates[^1];
        var adapter = rate.PerModel["adapter-0"];

        var html = HtmlReport.Render(Comparison(), Title, Plots, sweep);

        var rows = html[html.IndexOf($"<h2>{AdapterBreakdown.Heading}</h2>", StringComparison.Ordinal)..].Split("<tr><td>adapter-0</td>");
        var requests = rows[1][..rows[1].IndexOf("</tr>", StringComparison.Ordinal)];
        var latency = rows[2][..rows[2].IndexOf("</tr>", StringComparison.Ordinal)];
        var expected = adapter.Errors.Total > 0 ? $"{adapter.PromptsSucceeded} ({adapter.Errors.Total})" : $"{adapter.PromptsSucceeded}";
        Assert.EndsWith($"<td class=\"num\">{expected}</td>", requests, StringComparison.Ordinal);
        Assert.EndsWith($"<td class=\"num\">{adapter.LatencyMs.P90.ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture)}</td>", latency, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Markdown_UnchangedByTheHtmlOnlyBlocks()
    {
        var markdown = MarkdownReport.Render(Comparison(), Title).Split('\n');

        Assert.Equal("**REGRESSED:** P90 latency (+12.0 % at 340 req/s). 4 other metrics unchanged.", markdown[2]);
        Assert.DoesNotContain(markdown, l => l.StartsWith("![", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteAsync_WritesTheRenderedPage()
    {
        using var folder = new TemporaryFolder();
        var sweep = LpgRuns.MultiLora();

        var path = await HtmlReport.WriteAsync(folder.Combine("run"), Comparison(), Title, Plots, sweep, CancellationToken.None);

        Assert.Equal(folder.Combine("run", HtmlReport.FileName), path);
        Assert.Equal(HtmlReport.Render(Comparison(), Title, Plots, sweep), await File.ReadAllTextAsync(path));
    }

    private static SweepComparison Comparison() =>
        SweepComparer.Compare(
            SampleSweeps.Baseline(0.001), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.12, atRate: 340), SampleSweeps.PerRateSettings);

    private static string Render() => HtmlReport.Render(Comparison(), Title, Plots, current: null);
}
