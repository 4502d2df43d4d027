using System.Text.Json.Nodes;
using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Tests.Analysis;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Reports;

public sealed class VerdictFileTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task WriteAsync_ThenReadAsync_RoundTripsEveryField()
    {
        var comparison = Comparison();

        var path = await VerdictFile.WriteAsync(folder.Path, comparison, "SingleWorkload", paired: true, CancellationToken.None);
        var read = await VerdictFile.ReadAsync(path);

        var expected = VerdictFile.Describe(comparison, "SingleWorkload", paired: true);
        Assert.Equal(Path.Combine(folder.Path, VerdictFile.FileName), path);
        Assert.Equal(expected with { Metrics = [] }, read with { Metrics = [] });
        Assert.Equal(expected.Metrics.Select(m => m with { Rates = [] }), read.Metrics.Select(m => m with { Rates = [] }));
        Assert.Equal(expected.Metrics.SelectMany(m => m.Rates), read.Metrics.SelectMany(m => m.Rates));
    }

    [Fact]
    public async Task WriteAsync_Shape_IsTheDocumentedOne()
    {
        var path = await VerdictFile.WriteAsync(folder.Path, Comparison(), "SingleWorkload", paired: true, CancellationToken.None);

        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();

        Assert.Equal(["schemaVersion", "case", "verdict", "paired", "metrics"], json.Select(p => p.Key));
        Assert.Equal(1, json["schemaVersion"]!.GetValue<int>());
        Assert.Equal("Regressed", json["verdict"]!.GetValue<string>());
        var latency = json["metrics"]!.AsArray().Single(m => m!["metric"]!.GetValue<string>() == "P90Latency")!.AsObject();
        Assert.Equal(
            ["metric", "verdict", "worsening", "noiseBand", "tolerance", "minimumDetectableChange", "rSquared", "baselineRuns", "rates"],
            latency.Select(p => p.Key));
        Assert.Equal("Regressed", latency["verdict"]!.GetValue<string>());
        Assert.Equal(0.05, latency["worsening"]!.GetValue<double>(), precision: 9);
        Assert.Equal(10, latency["baselineRuns"]!.GetValue<int>());
        var rate = latency["rates"]![0]!.AsObject();
        Assert.Equal(["rate", "baselineMean", "current", "worsening", "verdict"], rate.Select(p => p.Key));
        Assert.Equal(300, rate["rate"]!.GetValue<double>());
        Assert.Equal("Worse", rate["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteAsync_OneRunBaseline_WritesNullWhereTheFigureIsUnknown()
    {
        var comparison = SweepComparer.Compare([SampleSweeps.TypicalRun("only")], SampleSweeps.TypicalRun(), new());

        var path = await VerdictFile.WriteAsync(folder.Path, comparison, "MultiLora", paired: false, CancellationToken.None);
        var read = await VerdictFile.ReadAsync(path);

        Assert.All(read.Metrics, m => Assert.Null(m.MinimumDetectableChange));
        Assert.False(read.Paired);
    }

    [Fact]
    public async Task ReadAsync_OtherSchemaVersion_NamesTheFile()
    {
        var path = await VerdictFile.WriteAsync(folder.Path, Comparison(), "SingleWorkload", paired: true, CancellationToken.None);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        json["schemaVersion"] = 2;
        await File.WriteAllTextAsync(path, json.ToJsonString());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => VerdictFile.ReadAsync(path));

        Assert.Equal($"{path}: schemaVersion = 2; this build reads schemaVersion 1.", error.Message);
    }

    private static SweepComparison Comparison() =>
        SweepComparer.Compare(SweepComparerShiftTests.Replicates(10, 0.01), SampleSweeps.TypicalRun().Scale(CoreMetric.P90Latency, 1.05), new());
}
