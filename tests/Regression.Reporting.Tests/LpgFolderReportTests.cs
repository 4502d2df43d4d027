using Regression.Core.Analysis;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Reporting.Tests;

/// <summary>Reports from LPG result folders as they are on disk, read by the suite's own reader.</summary>
public sealed class LpgFolderReportTests : IDisposable
{
    // The heading report.html gives the per-adapter section.
    private const string AdapterBreakdownHeading = "Per adapter";

    private readonly TemporaryFolder folder = new();

    [Fact]
    public async Task WriteAsync_UpstreamLpgSample_RendersEveryPlotAndNoAdapterSection()
    {
        var before = ResultFolderReader.Read(RepositoryFiles.Path("examples", "lpg-legacy", "before"));
        var after = ResultFolderReader.Read(RepositoryFiles.Path("examples", "lpg-legacy", "after"));

        var files = await RunReport.WriteAsync(
            folder.Path, SweepComparer.Compare([before], after, new AnalysisSettings()), "lpg sample", after, stepSummary: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        Assert.Contains("<p class=\"verdict regressed\"><strong>REGRESSED:</strong> P90 latency", html, StringComparison.Ordinal);
        Assert.All(files.Plots.Concat(files.OverviewPlots), f => Assert.True(new FileInfo(f).Length > 0, $"{f} is empty"));
        Assert.DoesNotContain($"<h2>{AdapterBreakdownHeading}</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_HandMadeLpgRunOverThreeModels_ShowsOneRowPerModel()
    {
        var sweep = ResultFolderReader.Read(RepositoryFiles.Path("tests", "Regression.Core.Tests", "Data", "lpg", "output", "hand-run"));

        var files = await RunReport.WriteAsync(
            folder.Path, SweepComparer.Compare([sweep], sweep, new AnalysisSettings()), "hand run", sweep, stepSummary: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(files.Html);
        var section = html[html.IndexOf($"<h2>{AdapterBreakdownHeading}</h2>", StringComparison.Ordinal)..];
        Assert.Equal(2, section.Split("<tr><td>org/model-b</td>").Length - 1);
        Assert.Contains("<tr><td>model-c</td><td class=\"num\">0 (", section, StringComparison.Ordinal);
        Assert.Contains("<tr><td>model-c</td><td class=\"num\">–</td></tr>", section, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
