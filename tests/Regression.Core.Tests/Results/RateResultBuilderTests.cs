using Regression.Core.Results;
using Regression.Core.Results.Aggregation;

namespace Regression.Core.Tests.Results;

public sealed class RateResultBuilderTests
{
    private const int Digits = 9;

    private static RateResult Build() =>
        RateResultBuilder.Build(HandExample.Rate, HandExample.Models, HandExample.Requests, HandExample.BenchmarkTime, HandExample.StartedAt);

    [Fact]
    public void Build_HandExample_OverallBucketCountsEveryRequestSent()
    {
        var overall = Build().Overall;

        Assert.Equal(6, overall.PromptsAttempted);
        Assert.Equal(3, overall.PromptsSucceeded);
        Assert.Equal(4.0, overall.BenchmarkTimeSeconds);
        Assert.Equal(1.5, overall.ThroughputRequestsPerSecond, Digits);
        Assert.Equal(35, overall.TotalOutputTokens);
        Assert.Equal(60, overall.TotalInputTokens);
        Assert.Equal(8.75, overall.OutputTokensPerSecond, Digits);
        Assert.Equal(8.75 * 60, overall.OutputTokensPerMinute, Digits);
        Assert.Equal(new ErrorCounts(0, 1, 1, 0, 0, 1), overall.Errors);
    }

    [Fact]
    public void Build_HandExample_LatencyStatisticsFollowNumpy()
    {
        var latency = Build().Overall.LatencyMs;

        // Latencies 100, 300, 400: p90 sits at rank 0.9 × 2 = 1.8, i.e. 300 + 0.8 × 100.
        Assert.Equal(800.0 / 3, latency.Mean, Digits);
        Assert.Equal(300, latency.Median, Digits);
        Assert.Equal(Math.Sqrt(140000.0 / 9), latency.StandardDeviation!.Value, Digits);
        Assert.Equal(100, latency.Min);
        Assert.Equal(400, latency.Max);
        Assert.Equal(380, latency.P90, Digits);
        Assert.Equal(398, latency.P99, Digits);
    }

    [Fact]
    public void Build_HandExample_NormalizedTimePerOutputTokenIsLatencyOverOutputTokens()
    {
        var ntpot = Build().Overall.NormalizedTimePerOutputTokenMs;

        // 100/5 = 20, 300/10 = 30, 400/20 = 20 → sorted 20, 20, 30.
        Assert.Equal(70.0 / 3, ntpot.Mean, Digits);
        Assert.Equal(20, ntpot.Median, Digits);
        Assert.Equal(28, ntpot.P90, Digits);
        Assert.Equal(29.8, ntpot.P99, Digits);
    }

    [Fact]
    public void Build_HandExample_PerTokenLatencyIsLatencyOverPromptPlusOutput()
    {
        var perToken = Build().Overall.PerTokenLatencyMs!;

        // 100/15, 300/30, 400/50 → sorted 6.67, 8, 10.
        Assert.Equal((100.0 / 15 + 10 + 8) / 3, perToken.Mean, Digits);
        Assert.Equal(8, perToken.Median, Digits);
        Assert.Equal(100.0 / 15, perToken.Min, Digits);
        Assert.Equal(9.6, perToken.P90, Digits);
    }

    [Fact]
    public void Build_EvenSampleCount_MedianAndPercentilesInterpolateLinearly()
    {
        RequestRecord[] requests =
        [
            HandExample.Success("m", 1, 1, 10, 0, 0),
            HandExample.Success("m", 1, 1, 20, 100, 100),
            HandExample.Success("m", 1, 1, 30, 200, 200),
            HandExample.Success("m", 1, 1, 40, 300, 300),
        ];

        var latency = RateResultBuilder.Build(10, ["m"], requests, TimeSpan.FromSeconds(1)).Overall.LatencyMs;

        // numpy.percentile(…, 90) on 10, 20, 30, 40: rank 2.7 → 30 + 0.7 × 10.
        Assert.Equal(25, latency.Median, Digits);
        Assert.Equal(37, latency.P90, Digits);
        Assert.Equal(39.7, latency.P99, Digits);
        Assert.Equal(Math.Sqrt(125), latency.StandardDeviation!.Value, Digits);
    }

    [Fact]
    public void Build_HandExample_PerModelAttemptedEqualsThatModelsSuccesses()
    {
        var perModel = Build().PerModel;

        Assert.Equal(["model-a", "model-c", "org/model-b"], perModel.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, perModel["model-a"].PromptsAttempted);
        Assert.Equal(2, perModel["model-a"].PromptsSucceeded);
        Assert.Equal(1, perModel["model-a"].Errors.TimeoutError);
        Assert.Equal(1, perModel["org/model-b"].PromptsAttempted);
        Assert.Equal(1, perModel["org/model-b"].Errors.ContentTypeError);
        Assert.Equal(200, perModel["model-a"].LatencyMs.Mean, Digits);
        Assert.Equal(280, perModel["model-a"].LatencyMs.P90, Digits);
        Assert.Equal(30, perModel["model-a"].TotalInputTokens);
        Assert.Equal(15, perModel["model-a"].TotalOutputTokens);
    }

    [Fact]
    public void Build_HandExample_ThroughputRpsIsRequestsSentOverTimeInEveryBucket()
    {
        var rate = Build();

        Assert.All(rate.PerModel.Values, m => Assert.Equal(1.5, m.ThroughputRequestsPerSecond, Digits));
        Assert.Equal(15.0 / 4, rate.PerModel["model-a"].OutputTokensPerSecond, Digits);
    }

    [Fact]
    public void Build_AllFailedBucket_HasLpgsAllZeroStatisticsAndItsErrors()
    {
        var modelC = Build().PerModel["model-c"];

        Assert.Equal(0, modelC.PromptsAttempted);
        Assert.Equal(0, modelC.PromptsSucceeded);
        Assert.Equal(0, modelC.OutputTokensPerSecond);
        Assert.Equal(Distribution.Zero, modelC.LatencyMs);
        Assert.Equal(Distribution.Zero, modelC.NormalizedTimePerOutputTokenMs);
        Assert.Equal(Distribution.Zero, modelC.InputLength);
        Assert.Equal(1, modelC.Errors.UnknownError);
    }

    [Fact]
    public void Build_EveryRequestFailed_OverallIsAllZeroWithErrorsCounted()
    {
        RequestRecord[] requests =
        [
            HandExample.Failure("m", RequestErrorClass.ServerDisconnectedError, 0, 0),
            HandExample.Failure("m", RequestErrorClass.ClientOSError, 500, 500),
        ];

        var rate = RateResultBuilder.Build(2, ["m"], requests, TimeSpan.FromSeconds(2));

        Assert.Equal(2, rate.Overall.PromptsAttempted);
        Assert.Equal(0, rate.Overall.PromptsSucceeded);
        Assert.Equal(Distribution.Zero, rate.Overall.LatencyMs);
        Assert.Equal(Distribution.Zero, rate.Load!.LatencyFromScheduleMs);
        Assert.Equal(new ErrorCounts(0, 0, 0, 1, 1, 0), rate.Overall.Errors);
        Assert.Equal(1.0, rate.Overall.ThroughputRequestsPerSecond, Digits);
    }

    [Fact]
    public void Build_HandExample_LoadAccuracyCountsGapsBetweenSends()
    {
        var load = Build().Load!;

        // Six sends span five gaps: scheduled over 2.5 s, sent over 2.51 s.
        Assert.Equal(HandExample.Rate, load.RequestedRate);
        Assert.Equal(2.0, load.ScheduledRate!.Value, Digits);
        Assert.Equal(5 / 2.51, load.AchievedRate, Digits);
        Assert.Equal(2.51, load.SendDurationSeconds, Digits);
        Assert.Equal(20.0 / 6, load.SendLagMs.Mean, Digits);
        Assert.Equal(2.5, load.SendLagMs.Median, Digits);
        Assert.Equal(7, load.SendLagMs.P90, Digits);
        Assert.Equal(10, load.SendLagMs.Max, Digits);
    }

    [Fact]
    public void Build_HandExample_LatencyFromScheduleAddsTheSendLag()
    {
        var fromSchedule = Build().Load!.LatencyFromScheduleMs!;

        // Successes sent 0, 1 and 2 ms late: 100, 301, 402.
        Assert.Equal(100, fromSchedule.Min, Digits);
        Assert.Equal(301, fromSchedule.Median, Digits);
        Assert.Equal(402, fromSchedule.Max, Digits);
    }

    [Fact]
    public void Build_StreamingRequests_FillTimeToFirstTokenAndInterTokenLatency()
    {
        RequestRecord[] requests =
        [
            HandExample.Success("m", 10, 3, 100, 0, 0) with { TimeToFirstTokenMs = 40, InterTokenLatenciesMs = [20, 40] },
            HandExample.Success("m", 10, 3, 200, 500, 500) with { TimeToFirstTokenMs = 60, InterTokenLatenciesMs = [60, 80] },
        ];

        var overall = RateResultBuilder.Build(2, ["m"], requests, TimeSpan.FromSeconds(1)).Overall;

        Assert.Equal(50, overall.TimeToFirstTokenMs!.Mean, Digits);
        Assert.Equal(50, overall.InterTokenLatencyMs!.Median, Digits);
        Assert.Equal(80, overall.InterTokenLatencyMs.Max, Digits);
    }

    [Fact]
    public void Build_NonStreamingRequests_LeaveTimeToFirstTokenUnset()
    {
        var overall = Build().Overall;

        Assert.Null(overall.TimeToFirstTokenMs);
        Assert.Null(overall.InterTokenLatencyMs);
    }

    [Fact]
    public void Build_SingleRequest_HasNoLoadAccuracy()
    {
        var rate = RateResultBuilder.Build(1, ["m"], [HandExample.Success("m", 1, 1, 5, 0, 0)], TimeSpan.FromSeconds(1));

        Assert.Null(rate.Load);
    }

    [Fact]
    public void Build_RequestForUnknownModel_IsRejectedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RateResultBuilder.Build(1, ["m"], [HandExample.Success("other", 1, 1, 5, 0, 0)], TimeSpan.FromSeconds(1)));

        Assert.Contains("Request 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("'other'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SuccessWithoutOutputTokens_IsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RateResultBuilder.Build(1, ["m"], [HandExample.Success("m", 1, 0, 5, 0, 0)], TimeSpan.FromSeconds(1)));

        Assert.Contains("OutputTokens = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ZeroBenchmarkTime_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            RateResultBuilder.Build(1, ["m"], HandExample.Requests, TimeSpan.Zero));
    }
}
