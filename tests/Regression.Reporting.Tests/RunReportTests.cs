using Regression.Core.Analysis;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Reporting.Tests;

public sealed class RunReportTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] MetricFileNames =
        ["prompts-attempted", "prompts-succeeded", "output-tokens-min", "p90-normalized-time-per-output-token", "p90-latency"];

    private readonly TemporaryFolder folder = new();

    [Fact]
    public async Task WriteAsync_RegressedComparison_WritesMarkdownHtmlAndAPlotPerMetric()
    {
        var files = await RunReport.WriteAsync(folder.Path, SlowerLatency(), "inference-perf before → after", current: null, stepSummary: null, CancellationToken.None);

        Assert.Equal(folder.Combine("report.md"), files.Markdown);
        Assert.Equal(folder.Combine("report.html"), files.Html);
        Assert.Equal(10, files.Plots.Count);
        foreach (var name in MetricFileNames)
        {
            Assert.Contains(folder.Combine("plots", name + ".svg"), files.Plots);
            var png = await File.ReadAllBytesAsync(folder.Combine("plots", name + ".png"));
            Assert.Equal(PngSignature, png[..PngSignature.Length]);
            Assert.Contains("<svg", await File.ReadAllTextAsync(folder.Combine("plots", name + ".svg")), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WriteAsync_Html_LinksEachPlotAndCarriesTheVerdict()
    {
        var files = await RunReport.WriteAsync(folder.Path, SlowerLatency(), "before → after", current: null, stepSummary: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"verdict regressed\"><strong>REGRESSED:</strong> P90 latency (+10.0 %", html, StringComparison.Ordinal);
        Assert.Contains("<img src=\"plots/p90-latency.svg\"", html, StringComparison.Ordinal);
        Assert.Contains("<figure><img src=\"plots/p90-latency-overview.svg\"", html, StringComparison.Ordinal);
        Assert.Equal(10, html.Split("<img ").Length - 1);
        Assert.Equal(6, html.Split("<table>").Length - 1);
        Assert.Contains("<h1>before → after</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_StepSummarySet_AppendsTheMarkdownReport()
    {
        var summary = folder.WriteFile("summary.md", "earlier step\n");

        var files = await RunReport.WriteAsync(folder.Combine("run"), SlowerLatency(), "before → after", current: null, summary, CancellationToken.None);

        var text = await File.ReadAllTextAsync(summary);
        Assert.StartsWith("earlier step\n# before → after", text, StringComparison.Ordinal);
        Assert.Contains(await File.ReadAllTextAsync(files.Markdown), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_OverviewPlots_OnePngAndSvgPerMetricAllNonEmpty()
    {
        var files = await RunReport.WriteAsync(folder.Path, SlowerLatency(), "before → after", current: null, stepSummary: null, CancellationToken.None);

        Assert.Equal(10, files.OverviewPlots.Count);
        foreach (var name in MetricFileNames)
        {
            var png = await File.ReadAllBytesAsync(folder.Combine("plots", name + OverviewPlot.Suffix + ".png"));
            Assert.Equal(PngSignature, png[..PngSignature.Length]);
            Assert.Contains("<svg", await File.ReadAllTextAsync(folder.Combine("plots", name + OverviewPlot.Suffix + ".svg")), StringComparison.Ordinal);
        }

        Assert.All(files.OverviewPlots, f => Assert.True(new FileInfo(f).Length > 0, $"{f} is empty"));
    }

    [Fact]
    public async Task WriteAsync_Html_VerdictAndOverviewGridBeforeTheFirstDetailTable()
    {
        var files = await RunReport.WriteAsync(folder.Path, SlowerLatency(), "before → after", current: null, stepSummary: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        var verdict = html.IndexOf("<p class=\"verdict", StringComparison.Ordinal);
        var grid = html.IndexOf("<div class=\"overview\">", StringComparison.Ordinal);
        var firstTable = html.IndexOf("<table>", StringComparison.Ordinal);
        Assert.True(verdict > 0 && verdict < grid && grid < firstTable, $"verdict {verdict}, grid {grid}, first table {firstTable}");
        Assert.Equal(
            MetricFileNames.Select(n => $"plots/{n}{OverviewPlot.Suffix}.svg"),
            html[grid..firstTable].Split("<img src=\"").Skip(1).Select(s => s[..s.IndexOf('"', StringComparison.Ordinal)]));
    }

    private static SweepComparison SlowerLatency() => SweepComparer.Compare(
        [ResultFolderReader.Read(RepositoryFiles.Path("examples", "inference-perf", "before"))],
        ResultFolderReader.Read(RepositoryFiles.Path("examples", "inference-perf", "after")),
        new AnalysisSettings());

    public void Dispose() => folder.Dispose();
}
