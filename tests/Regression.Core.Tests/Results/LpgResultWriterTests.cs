using Regression.Core.Results;
using Regression.Core.Results.Aggregation;
using Regression.Core.Results.Lpg;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Results;

public sealed class LpgResultWriterTests
{
    private static readonly LpgRunInfo HandRunInfo = new() { Tokenizer = LpgRuns.Tokenizer, Models = HandExample.Models };

    [Fact]
    public void WriteRate_HandMadeLpgFilesReadBack_AreRewrittenByteForByte()
    {
        using var folder = new TemporaryFolder();
        var rate = ResultFolderReader.Read(TestData.HandRunJson).Rates.Single();

        var written = LpgResultWriter.WriteRate(folder.Path, rate, HandRunInfo);

        Assert.Equal(4, written.Count);
        foreach (var file in written)
        {
            var original = Path.Combine(TestData.HandRunJson, Path.GetFileName(file));
            Assert.Equal(File.ReadAllText(original), File.ReadAllText(file));
        }
    }

    [Fact]
    public void WriteRate_BuiltRate_ReadsBackWithEqualMetrics()
    {
        using var folder = new TemporaryFolder();
        var built = RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime, HandExample.StartedAt);

        LpgResultWriter.WriteRate(folder.Path, built, HandRunInfo);
        var read = ResultFolderReader.Read(folder.Path).Rates.Single();

        Assert.Equal(built.RequestRate, read.RequestRate);
        Assert.Equal(built.StartedAt, read.StartedAt);
        Assert.Equal(built.Overall, read.Overall);
        Assert.Equal(built.PerModel.Keys.Order(StringComparer.Ordinal), read.PerModel.Keys.Order(StringComparer.Ordinal));
        Assert.All(built.PerModel, pair => Assert.Equal(pair.Value, read.PerModel[pair.Key]));
    }

    [Fact]
    public void WriteRate_BuiltRate_NamesFilesAsLpgDoes()
    {
        using var folder = new TemporaryFolder();
        var built = RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime, HandExample.StartedAt);

        var written = LpgResultWriter.WriteRate(folder.Path, built, HandRunInfo);

        Assert.Equal(
            [
                "benchmark-vllm-2.0qps-20250515-181500-weighted.json",
                "benchmark-vllm-2.0qps-20250515-181500-model-a.json",
                "benchmark-vllm-2.0qps-20250515-181500-model-c.json",
                "benchmark-vllm-2.0qps-20250515-181500-org-model-b.json",
            ],
            written.Select(Path.GetFileName));
        Assert.DoesNotContain('\n', File.ReadAllText(written[0]));
    }

    [Fact]
    public void Build_HandExample_MatchesTheHandMadeFilesComputedInPython()
    {
        var built = RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime, HandExample.StartedAt);
        var read = ResultFolderReader.Read(TestData.HandRunJson).Rates.Single();

        AssertClose(read.Overall, built.Overall);
        Assert.All(read.PerModel, pair => AssertClose(pair.Value, built.PerModel[pair.Key]));
    }

    [Fact]
    public void WriteRate_FileAlreadyThere_IsNotOverwritten()
    {
        using var folder = new TemporaryFolder();
        var built = RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime, HandExample.StartedAt);
        var existing = folder.WriteFile("benchmark-vllm-2.0qps-20250515-181500-model-c.json", "committed by someone");

        var error = Assert.Throws<IOException>(() => LpgResultWriter.WriteRate(folder.Path, built, HandRunInfo));

        Assert.Contains(existing, error.Message, StringComparison.Ordinal);
        Assert.Equal("committed by someone", File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void WriteRate_WithoutStartTime_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var built = RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime);

        var error = Assert.Throws<ArgumentException>(() => LpgResultWriter.WriteRate(folder.Path, built, HandRunInfo));

        Assert.Contains("no start time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteSweep_MultiLora_WritesWeightedAndFifteenAdapterFilesPerRate()
    {
        using var folder = new TemporaryFolder();

        var written = LpgResultWriter.WriteSweep(folder.Path, LpgRuns.MultiLora());

        Assert.Equal(10 * 16, written.Count);
        Assert.Contains(written, f => Path.GetFileName(f) == "benchmark-vllm-20.0qps-20250515-180000-adapter-14.json");
        Assert.Contains(written, f => Path.GetFileName(f) == "benchmark-vllm-200.0qps-20250515-185400-weighted.json");
    }

    [Fact]
    public void WriteSweep_WithoutTokenizer_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var sweep = LpgRuns.SingleWorkload() with { Tokenizer = null };

        Assert.Throws<ArgumentException>(() => LpgResultWriter.WriteSweep(folder.Path, sweep));
        Assert.Empty(Directory.GetFiles(folder.Path));
    }

    private static void AssertClose(ResultMetrics expected, ResultMetrics actual)
    {
        const int digits = 9;
        Assert.Equal(expected.PromptsAttempted, actual.PromptsAttempted);
        Assert.Equal(expected.PromptsSucceeded, actual.PromptsSucceeded);
        Assert.Equal(expected.TotalInputTokens, actual.TotalInputTokens);
        Assert.Equal(expected.TotalOutputTokens, actual.TotalOutputTokens);
        Assert.Equal(expected.OutputTokensPerSecond, actual.OutputTokensPerSecond, digits);
        Assert.Equal(expected.ThroughputRequestsPerSecond, actual.ThroughputRequestsPerSecond, digits);
        Assert.Equal(expected.Errors, actual.Errors);
        Distribution?[] expectedSets = [expected.LatencyMs, expected.NormalizedTimePerOutputTokenMs, expected.PerTokenLatencyMs, expected.InputLength, expected.OutputLength];
        Distribution?[] actualSets = [actual.LatencyMs, actual.NormalizedTimePerOutputTokenMs, actual.PerTokenLatencyMs, actual.InputLength, actual.OutputLength];
        foreach (var (e, a) in expectedSets.Zip(actualSets))
        {
            double[] ev = [e!.Mean, e.Median, e.StandardDeviation!.Value, e.Min, e.Max, e.P90, e.P99];
            double[] av = [a!.Mean, a.Median, a.StandardDeviation!.Value, a.Min, a.Max, a.P90, a.P99];
            Assert.All(ev.Zip(av), pair => Assert.Equal(pair.First, pair.Second, digits));
        }
    }
}
