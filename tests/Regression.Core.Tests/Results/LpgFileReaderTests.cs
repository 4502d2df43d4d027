using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Results.Lpg;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Results;

public sealed class LpgFileReaderTests
{
    private const int Digits = 9;

    [Fact]
    public void Read_PublishedLegacySample_GivesItsNumbers()
    {
        var file = LpgFileReader.Read(TestData.LegacySample);
        var metrics = file.Metrics;

        Assert.Equal(ResultFormat.LpgLegacy, file.Format);
        Assert.Equal(200.0, file.RequestRate);
        Assert.Equal(59999, metrics.PromptsAttempted);
        Assert.Equal(59999, metrics.PromptsSucceeded);
        Assert.Equal(2147164.6339371083, metrics.OutputTokensPerMinute, 6);
        Assert.Equal(393.8944477023501, metrics.NormalizedTimePerOutputTokenMs.P90, Digits);
        Assert.Equal(28706.796979904175, metrics.LatencyMs.P90, Digits);
        Assert.Equal(1, metrics.Errors.ContentTypeError);
        Assert.Equal(1, metrics.Errors.Total);
        Assert.Equal(377.69680404663086, metrics.BenchmarkTimeSeconds);
        Assert.Equal(15092072, metrics.TotalInputTokens);
        Assert.Equal(13516287, metrics.TotalOutputTokens);
    }

    [Fact]
    public void Read_PublishedLegacySample_ConvertsPerTokenLatencyFromSeconds()
    {
        var perToken = LpgFileReader.Read(TestData.LegacySample).Metrics.PerTokenLatencyMs!;

        Assert.Equal(70.52694590421603, perToken.P90, Digits);
        Assert.Equal(38.136584066158385, perToken.Mean, Digits);
    }

    [Fact]
    public void Read_PublishedLegacySample_IsTheOverallBucketWithItsRunFacts()
    {
        var file = LpgFileReader.Read(TestData.LegacySample);

        Assert.True(file.IsOverall);
        Assert.Null(file.Name);
        Assert.Equal("meta-llama/Llama-2-7b-hf", file.Model);
        Assert.Equal("meta-llama/Llama-2-7b-hf", file.Tokenizer);
        Assert.Equal("vllm", file.Backend);
        Assert.Equal(1, file.ModelCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1743136583).AddTicks(2381490), file.StartedAt);
    }

    [Fact]
    public void Read_CurrentSchemaWeightedFile_GivesItsNumbers()
    {
        var file = LpgFileReader.Read(TestData.HandRunFile("weighted"));
        var metrics = file.Metrics;

        Assert.Equal(ResultFormat.Lpg, file.Format);
        Assert.Equal(2.0, file.RequestRate);
        Assert.True(file.IsOverall);
        Assert.Equal("weighted", file.Model);
        Assert.Equal(3, file.ModelCount);
        Assert.Equal(6, metrics.PromptsAttempted);
        Assert.Equal(3, metrics.PromptsSucceeded);
        Assert.Equal(8.75, metrics.OutputTokensPerSecond);
        Assert.Equal(380.0, metrics.LatencyMs.P90);
        Assert.Equal(28.0, metrics.NormalizedTimePerOutputTokenMs.P90);
        Assert.Equal(9.6, metrics.PerTokenLatencyMs!.P90);
        Assert.Equal(new ErrorCounts(0, 1, 1, 0, 0, 1), metrics.Errors);
        Assert.Equal(HandExample.StartedAt, file.StartedAt);
    }

    [Fact]
    public void Read_PerModelFile_KeepsTheModelNameWithItsSlash()
    {
        var file = LpgFileReader.Read(TestData.HandRunFile("org-model-b"));

        Assert.False(file.IsOverall);
        Assert.Equal("org-model-b", file.Label);
        Assert.Equal("org/model-b", file.Model);
        Assert.Equal(1, file.Metrics.PromptsAttempted);
    }

    [Fact]
    public void Read_AllFailedFileWithIntegerZeros_GivesZeroStatistics()
    {
        var metrics = LpgFileReader.Read(TestData.HandRunFile("model-c")).Metrics;

        Assert.Equal(Distribution.Zero, metrics.LatencyMs);
        Assert.Equal(0, metrics.PromptsSucceeded);
        Assert.Equal(1, metrics.Errors.UnknownError);
    }

    [Fact]
    public void Read_MalformedJson_NamesFileAndPosition()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("broken.json", "{\"metrics\": {\"num_prompts_attempted\": 6,,}}");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.StartsWith(file + ": not valid JSON at line 1, byte ", error.Message, StringComparison.Ordinal);
        Assert.Null(error.JsonPath);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Read_MissingField_NamesItsPath()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "\"p99_latency_ms\": 398.0, ", string.Empty);

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal("metrics.p99_latency_ms", error.JsonPath);
        Assert.Equal($"{file}: metrics.p99_latency_ms: is missing", error.Message);
    }

    [Theory]
    [InlineData("\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": NaN", "NaN")]
    [InlineData("\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": null", "null")]
    [InlineData("\"p90_latency_ms\": 380.0, ", "", "missing")]
    public void Read_CoreMetricWithoutValue_ReadsAsNaNAndSaysHow(string find, string replacement, string how)
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, find, replacement);

        var metrics = LpgFileReader.Read(file).Metrics;

        Assert.True(double.IsNaN(metrics.LatencyMs.P90));
        Assert.Equal(300.0, metrics.LatencyMs.Median);
        Assert.Equal(how, Assert.Single(metrics.AbsentCoreMetrics, pair => pair.Key == CoreMetric.P90Latency).Value);
        Assert.Single(metrics.AbsentCoreMetrics);
    }

    [Fact]
    public void Read_OutputTokenRateNaN_ReadsAsAbsent()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "\"throughput\": 8.75", "\"throughput\": NaN");

        var metrics = LpgFileReader.Read(file).Metrics;

        Assert.True(double.IsNaN(metrics.OutputTokensPerMinute));
        Assert.Equal("NaN", metrics.AbsentCoreMetrics[CoreMetric.OutputTokensPerMinute]);
    }

    [Fact]
    public void Read_EveryValuePresent_HasNoAbsentCoreMetric()
    {
        Assert.Empty(LpgFileReader.Read(TestData.HandRunFile("weighted")).Metrics.AbsentCoreMetrics);
        Assert.Empty(LpgFileReader.Read(TestData.LegacySample).Metrics.AbsentCoreMetrics);
    }

    [Theory]
    [InlineData("\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": -380.0", "metrics.p90_latency_ms: must not be negative, got -380.0")]
    [InlineData("\"avg_latency_ms\": 266.6666666666667", "\"avg_latency_ms\": -266.6", "metrics.avg_latency_ms: must not be negative, got -266.6")]
    [InlineData("\"min_normalized_time_per_output_token_ms\": 20.0", "\"min_normalized_time_per_output_token_ms\": -1e-3", "metrics.min_normalized_time_per_output_token_ms: must not be negative, got -1e-3")]
    [InlineData("\"num_prompts_succeeded\": 3", "\"num_prompts_succeeded\": 7", "metrics.num_prompts_succeeded: is 7, more than metrics.num_prompts_attempted (6)")]
    [InlineData("\"benchmark_time\": 4.0", "\"benchmark_time\": NaN", "metrics.benchmark_time: expected a finite number, got NaN")]
    [InlineData("\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": Infinity", "metrics.p90_latency_ms: expected a finite number, got Infinity")]
    [InlineData("\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": -Infinity", "metrics.p90_latency_ms: expected a finite number, got -Infinity")]
    public void Read_ImpossibleValue_IsRejectedNamingFieldAndValue(string find, string replacement, string expected)
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, find, replacement);

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.StartsWith($"{file}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LegacyNegativeLatency_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var text = File.ReadAllText(TestData.LegacySample);
        var file = folder.WriteFile("sample.json", text.Replace("\"p90_latency\": 28706.796979904175", "\"p90_latency\": -1.5", StringComparison.Ordinal));

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal($"{file}: metrics.p90_latency: must not be negative, got -1.5", error.Message);
    }

    [Fact]
    public void Read_NaNInsideAString_StaysText()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "\"backend\": \"vllm\"", "\"backend\": \"NaN, Infinity\"");

        Assert.Equal("NaN, Infinity", LpgFileReader.Read(file).Backend);
    }

    [Fact]
    public void Read_MalformedJsonAfterANaNToken_NamesTheOriginalPosition()
    {
        using var folder = new TemporaryFolder();
        var withNaN = folder.WriteFile("a.json", "{\"metrics\": {\"x\": NaN,,}}");
        var withNumber = folder.WriteFile("b.json", "{\"metrics\": {\"x\": 1.0,,}}");

        var nanError = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(withNaN));
        var numberError = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(withNumber));

        Assert.Equal(numberError.Problem, nanError.Problem);
    }

    [Fact]
    public void Read_NonNumericValue_NamesPathAndValue()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": \"fast\"");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal($"{file}: metrics.p90_latency_ms: expected a number, got \"fast\"", error.Message);
    }

    [Fact]
    public void Read_FractionalCount_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "{\"metrics\": {\"num_prompts_attempted\": 6,", "{\"metrics\": {\"num_prompts_attempted\": 6.5,");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal("metrics.num_prompts_attempted", error.JsonPath);
        Assert.Contains("whole number, got 6.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RateInNameDisagreeingWithContent_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Copy(TestData.HandRunFile("weighted"), "benchmark-vllm-3.0qps-20250515-181500-weighted.json");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal("metrics.request_rate", error.JsonPath);
        Assert.Contains("is 2.0 but the file name says 3.0 qps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ModelInNameDisagreeingWithContent_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Copy(TestData.HandRunFile("model-a"), "benchmark-vllm-2.0qps-20250515-181500-model-z.json");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal("config.model", error.JsonPath);
        Assert.Contains("\"model-a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NeitherSchema_IsRejectedNamingBoth()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("other.json", "{\"metrics\": {\"num_prompts_attempted\": 6}}");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal("metrics", error.JsonPath);
        Assert.Contains("neither LPG@46d6382 fields (p90_latency_ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("nor legacy LPG fields (p90_latency", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BothSchemasInOneFile_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, "\"p90_latency_ms\": 380.0", "\"p90_latency_ms\": 380.0, \"p90_latency\": 380.0");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Contains("mixes LPG@46d6382 field names (p90_latency_ms) with legacy LPG field names (p90_latency)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RootArray_IsRejected()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("dataset.json", "[{\"conversations\": []}]");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Contains("expected an object, got [", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_NamesIt()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Combine("absent.json");

        var error = Assert.Throws<ResultFormatException>(() => LpgFileReader.Read(file));

        Assert.Equal($"{file}: the file does not exist", error.Message);
    }

    private static string WriteVariant(TemporaryFolder folder, string find, string replacement)
    {
        var text = File.ReadAllText(TestData.HandRunFile("weighted"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        return folder.WriteFile("benchmark-vllm-2.0qps-20250515-181500-weighted.json", text.Replace(find, replacement, StringComparison.Ordinal));
    }
}
