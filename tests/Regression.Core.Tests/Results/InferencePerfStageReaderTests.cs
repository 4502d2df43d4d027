using Regression.Core.Metrics;
using Regression.Core.Results;
using Regression.Core.Results.InferencePerf;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Results;

public sealed class InferencePerfStageReaderTests
{
    private const int Digits = 9;

    [Fact]
    public void Read_Stage3_MapsTheNotebooksCoreMetrics()
    {
        var rate = InferencePerfStageReader.Read(TestData.InferencePerfStage(3));
        var overall = rate.Overall;

        Assert.Equal(92.19, rate.RequestRate);
        Assert.Equal(5531, overall.PromptsAttempted);
        Assert.Equal(5531, overall.PromptsSucceeded);
        Assert.Equal(5693.884076290361, overall.OutputTokensPerSecond, Digits);
        Assert.Equal(8.982176720994965, overall.NormalizedTimePerOutputTokenMs.P90, Digits);
        Assert.Equal(1233.6858640192077, overall.LatencyMs.P90, Digits);
        Assert.Empty(rate.PerModel);
    }

    [Fact]
    public void Read_Stage3_DerivesBenchmarkTimeAndTotalsFromTheRates()
    {
        var overall = InferencePerfStageReader.Read(TestData.InferencePerfStage(3)).Overall;
        var seconds = 5531 / 91.35730480202015;

        Assert.Equal(seconds, overall.BenchmarkTimeSeconds, Digits);
        Assert.Equal(91.35730480202015, overall.ThroughputRequestsPerSecond, Digits);
        Assert.Equal((long)Math.Round(18646.18943157442 * seconds), overall.TotalInputTokens);
        Assert.Equal((long)Math.Round(5693.884076290361 * seconds), overall.TotalOutputTokens);
    }

    [Fact]
    public void Read_Stage3_ConvertsSecondsToMillisecondsWithoutStandardDeviation()
    {
        var overall = InferencePerfStageReader.Read(TestData.InferencePerfStage(3)).Overall;

        Assert.Equal(1021.2724370473967, overall.LatencyMs.Mean, Digits);
        Assert.Equal(1004.2465949663892, overall.LatencyMs.Median, Digits);
        Assert.Equal(561.9798880070448, overall.LatencyMs.Min, Digits);
        Assert.Equal(1380.553821043577, overall.LatencyMs.P99, Digits);
        Assert.Null(overall.LatencyMs.StandardDeviation);
        Assert.Equal(64.36099205166101, overall.TimeToFirstTokenMs!.P90, Digits);
        Assert.Equal(19.66982695739717, overall.InterTokenLatencyMs!.P90, Digits);
        Assert.Equal(209.0, overall.InputLength!.P90);
        Assert.Equal(65.0, overall.OutputLength!.P90);
        Assert.Equal(ErrorCounts.None, overall.Errors);
    }

    [Fact]
    public void Read_Stage3_ReadsLoadAccuracyFromTheLoadSummary()
    {
        var load = InferencePerfStageReader.Read(TestData.InferencePerfStage(3)).Load!;

        Assert.Equal(92.19, load.RequestedRate);
        Assert.Null(load.ScheduledRate);
        Assert.Equal(92.22409851829183, load.AchievedRate);
        Assert.Equal(59.97347861202434, load.SendDurationSeconds);
        Assert.Equal(0.9679923532530665, load.SendLagMs.P90, Digits);
        Assert.Null(load.LatencyFromScheduleMs);
    }

    [Fact]
    public void Read_OverloadedStage6_ShowsTheSenderFallingBehind()
    {
        var load = InferencePerfStageReader.Read(TestData.InferencePerfStage(6)).Load!;

        Assert.Equal(183.38, load.RequestedRate);
        Assert.True(load.AchievedRate < 0.6 * load.RequestedRate);
    }

    [Fact]
    public void Read_FailuresCount_BecomesUnknownErrors()
    {
        using var folder = new TemporaryFolder();
        var text = File.ReadAllText(TestData.InferencePerfStage(3)).Replace("\"failures\": {\"count\": 0", "\"failures\": {\"count\": 7", StringComparison.Ordinal);
        var file = folder.WriteFile("stage_3_lifecycle_metrics.json", text);

        var errors = InferencePerfStageReader.Read(file).Overall.Errors;

        Assert.Equal(7, errors.UnknownError);
        Assert.Equal(7, errors.Total);
    }

    [Fact]
    public void Read_MissingLatencySummary_NamesItsPath()
    {
        using var folder = new TemporaryFolder();
        var text = File.ReadAllText(TestData.InferencePerfStage(3)).Replace("\"request_latency\": {\"mean\"", "\"request_latency_renamed\": {\"mean\"", StringComparison.Ordinal);
        var file = folder.WriteFile("stage_3_lifecycle_metrics.json", text);

        var error = Assert.Throws<ResultFormatException>(() => InferencePerfStageReader.Read(file));

        Assert.Equal("successes.latency.request_latency", error.JsonPath);
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"p90\": 1.2336858640192077", "\"p90\": -1.2", "successes.latency.request_latency.p90: must not be negative, got -1.2")]
    [InlineData("\"mean\": 1.0212724370473967", "\"mean\": -1.0", "successes.latency.request_latency.mean: must not be negative, got -1.0")]
    [InlineData("\"count\": 5531, \"latency\"", "\"count\": 6000, \"latency\"", "successes.count: is 6000, more than load_summary.count (5531)")]
    [InlineData("\"output_tokens_per_sec\": 5693.884076290361", "\"output_tokens_per_sec\": -5.0", "successes.throughput.output_tokens_per_sec: must not be negative, got -5.0")]
    [InlineData("\"send_duration\": 59.97347861202434", "\"send_duration\": NaN", "load_summary.send_duration: expected a finite number, got NaN")]
    public void Read_ImpossibleValue_IsRejectedNamingFieldAndValue(string find, string replacement, string expected)
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, find, replacement);

        var error = Assert.Throws<ResultFormatException>(() => InferencePerfStageReader.Read(file));

        Assert.StartsWith($"{file}: {expected}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"p90\": 0.008982176720994965", "\"p90\": NaN", CoreMetric.P90NormalizedTimePerOutputToken, "NaN")]
    [InlineData("\"p90\": 1.2336858640192077", "\"p90\": null", CoreMetric.P90Latency, "null")]
    [InlineData("\"output_tokens_per_sec\": 5693.884076290361", "\"output_tokens_per_sec_renamed\": 5693.884076290361", CoreMetric.OutputTokensPerMinute, "missing")]
    public void Read_CoreMetricWithoutValue_ReadsAsNaNAndSaysHow(string find, string replacement, CoreMetric metric, string how)
    {
        using var folder = new TemporaryFolder();
        var file = WriteVariant(folder, find, replacement);

        var overall = InferencePerfStageReader.Read(file).Overall;

        Assert.True(double.IsNaN(CoreMetrics.Get(metric).Read(overall)));
        Assert.Equal(how, Assert.Single(overall.AbsentCoreMetrics).Value);
    }

    [Fact]
    public void Read_NegativeScheduleDelay_IsASendLagNotAnError()
    {
        var load = InferencePerfStageReader.Read(TestData.InferencePerfStage(3)).Load!;

        Assert.True(load.SendLagMs.Min < 0);
    }

    private static string WriteVariant(TemporaryFolder folder, string find, string replacement)
    {
        var text = File.ReadAllText(TestData.InferencePerfStage(3));
        Assert.Contains(find, text, StringComparison.Ordinal);
        return folder.WriteFile("stage_3_lifecycle_metrics.json", text.Replace(find, replacement, StringComparison.Ordinal));
    }
}
