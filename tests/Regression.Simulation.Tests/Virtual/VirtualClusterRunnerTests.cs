using System.Text.Json;
using Regression.Core.Settings;
using Regression.LoadGeneration;
using Regression.LoadGeneration.Scheduling;
using Regression.Simulation.Virtual;
using static Regression.Simulation.Tests.Virtual.SmallClusters;

namespace Regression.Simulation.Tests.Virtual;

public sealed class VirtualClusterRunnerTests
{
    [Theory]
    [InlineData(RoutingPolicyKind.EndpointPicker)]
    [InlineData(RoutingPolicyKind.RoundRobin)]
    public void Run_SameOptionsAndSeed_GivesTheIdenticalSweep(RoutingPolicyKind policy)
    {
        var options = FourAdapters with { Gateway = new GatewaySettings { Policy = policy } };

        var first = VirtualClusterRunner.Run(options, Prompts);
        var second = VirtualClusterRunner.Run(options, Prompts);

        Assert.Equal(JsonSerializer.Serialize(first.Result), JsonSerializer.Serialize(second.Result));
        Assert.Equal(first.Rates.Select(r => r.EngineSteps), second.Rates.Select(r => r.EngineSteps));
    }

    [Fact]
    public void Run_AnotherSeed_GivesAnotherSweep()
    {
        var first = VirtualClusterRunner.Run(FourAdapters, Prompts);
        var second = VirtualClusterRunner.Run(FourAdapters with { Case = FourAdapters.Case with { Seed = 2 } }, Prompts);

        Assert.NotEqual(first.Result.Rates[0].Overall.LatencyMs.P90, second.Result.Rates[0].Overall.LatencyMs.P90);
    }

    [Fact]
    public void Run_HealthyCluster_AnswersEveryRequestLpgSends()
    {
        var sweep = VirtualClusterRunner.Run(FourAdapters, Prompts);

        Assert.Equal([20.0, 40.0], sweep.Result.Rates.Select(r => r.RequestRate));
        foreach (var rate in sweep.Rates)
        {
            var overall = rate.Result.Overall;
            var sent = FourAdapters.Case.RequestCount(rate.Result.RequestRate);
            Assert.Equal(sent, overall.PromptsAttempted);
            Assert.Equal(sent, overall.PromptsSucceeded);
            Assert.Equal(0, overall.Errors.Total);
            Assert.Equal(sent, rate.RoutedPerReplica.Sum());
            Assert.Equal(sent, rate.Result.PerModel.Values.Sum(m => m.PromptsSucceeded));
        }
    }

    [Fact]
    public void Run_RatesFollowEachOther_EachStartsWhenThePreviousBenchmarkTimeEnds()
    {
        var sweep = VirtualClusterRunner.Run(SingleModel, Prompts);

        Assert.Equal(SingleModel.StartTime, sweep.Rates[0].Result.StartedAt);
        Assert.Equal(SingleModel.StartTime + sweep.Rates[0].BenchmarkTime, sweep.Rates[1].Result.StartedAt);
    }

    [Fact]
    public void RunRate_BenchmarkTime_IsTheSendPhasePlusTheDrainOfTheSlowestRequest()
    {
        const double rate = 40;
        var result = VirtualClusterRunner.RunRate(SingleModel, Prompts, rate, SingleModel.StartTime);
        var schedule = RateSchedule.Build(RatePlan.For(SingleModel.Case, rate), Prompts.Count);

        Assert.True(result.BenchmarkTime > schedule.SendPhaseEnd, $"benchmark time {result.BenchmarkTime} should exceed the send phase {schedule.SendPhaseEnd}");
        var lastSend = schedule.Requests[^1].At;
        Assert.True(result.BenchmarkTime >= lastSend + TimeSpan.FromMilliseconds(result.Result.Overall.LatencyMs.Min));
        Assert.Equal(result.BenchmarkTime.TotalSeconds, result.Result.Overall.BenchmarkTimeSeconds, 9);
    }

    [Fact]
    public void RunRate_RequestTimeoutShorterThanEveryAnswer_CountsTimeoutErrorsUntilTheLastDeadline()
    {
        var timeout = TimeSpan.FromMilliseconds(50);
        var options = SingleModel with { LoadGenerator = new LoadGeneratorSettings { RequestTimeout = timeout } };
        var schedule = RateSchedule.Build(RatePlan.For(options.Case, 20), Prompts.Count);

        var result = VirtualClusterRunner.RunRate(options, Prompts, 20, options.StartTime);

        Assert.Equal(schedule.Requests.Count, result.TimedOut);
        Assert.Equal(schedule.Requests.Count, result.Result.Overall.Errors.TimeoutError);
        Assert.Equal(0, result.Result.Overall.PromptsSucceeded);
        var lastDeadline = schedule.Requests[^1].At + timeout;
        Assert.Equal(Math.Max(lastDeadline.TotalSeconds, schedule.SendPhaseEnd.TotalSeconds), result.BenchmarkTime.TotalSeconds, 6);
    }

    [Fact]
    public void RunRate_PromptsLongerThanTheModelLength_AreRefusedAsUnknownErrors()
    {
        var options = SingleModel with { Simulator = new SimulatorSettings { MaxModelLen = 128 } };

        var result = VirtualClusterRunner.RunRate(options, Prompts, 20, options.StartTime);

        var sent = options.Case.RequestCount(20);
        Assert.Equal(sent, result.Rejected);
        Assert.Equal(sent, result.Result.Overall.Errors.UnknownError);
        Assert.Equal(sent, result.Result.Overall.PromptsAttempted);
        Assert.Equal(0, result.Result.Overall.PromptsSucceeded);
    }

    [Fact]
    public void RunRate_SheddableModelOnAFullCluster_IsShedAsUnknownError()
    {
        // Sheddable requests need a replica with at most 0 waiting requests; one replica that takes
        // 10 s per step fills its queue at once, so most requests are shed by the router.
        var options = SingleModel with
        {
            Case = SingleModel.Case with { Replicas = 1 },
            Simulator = new SimulatorSettings { StepBaseMilliseconds = 10_000, MaxNumSeqs = 1, MaxNumBatchedTokens = 2048 },
            Gateway = new GatewaySettings { SheddableModels = [BaseModel], QueueThresholdCritical = 0 },
            LoadGenerator = new LoadGeneratorSettings { RequestTimeout = TimeSpan.FromSeconds(1) },
        };

        var result = VirtualClusterRunner.RunRate(options, Prompts, 20, options.StartTime);

        Assert.True(result.Shed > 0, "some requests should have been shed");
        Assert.Equal(result.Shed, result.Result.Overall.Errors.UnknownError);
    }

    [Fact]
    public void Run_GatewayOverhead_AddsItselfToEveryLatency()
    {
        // Round-robin ignores the scraped states, so shifting every arrival changes nothing else.
        var roundRobin = SingleModel with { Gateway = new GatewaySettings { Policy = RoutingPolicyKind.RoundRobin } };
        var withOverhead = roundRobin with { GatewayOverhead = TimeSpan.FromMilliseconds(250) };

        var plain = VirtualClusterRunner.RunRate(roundRobin, Prompts, 20, roundRobin.StartTime).Result.Overall.LatencyMs;
        var slower = VirtualClusterRunner.RunRate(withOverhead, Prompts, 20, roundRobin.StartTime).Result.Overall.LatencyMs;

        Assert.Equal(plain.Min + 250, slower.Min, 6);
        Assert.Equal(plain.P90 + 250, slower.P90, 6);
        Assert.Equal(plain.Max + 250, slower.Max, 6);
    }

    [Fact]
    public void Run_AnotherPolicy_KeepsEveryRequestsAnswerLength()
    {
        // Answer lengths hash the request id, which depends on seed, rate and index only.
        var picker = VirtualClusterRunner.Run(FourAdapters, Prompts);
        var roundRobin = VirtualClusterRunner.Run(FourAdapters with { Gateway = new GatewaySettings { Policy = RoutingPolicyKind.RoundRobin } }, Prompts);

        Assert.Equal(picker.Result.Rates.Select(r => r.Overall.TotalOutputTokens), roundRobin.Result.Rates.Select(r => r.Overall.TotalOutputTokens));
    }

    [Fact]
    public void Run_RoundRobin_SpreadsRequestsEvenlyOverReplicas()
    {
        var sweep = VirtualClusterRunner.Run(SingleModel with { Gateway = new GatewaySettings { Policy = RoutingPolicyKind.RoundRobin } }, Prompts);

        Assert.All(sweep.Rates, rate => Assert.InRange(rate.RoutedPerReplica.Max() - rate.RoutedPerReplica.Min(), 0, 1));
    }

    [Fact]
    public void Run_SuccessRecords_CountLpgsBeginOfTextTokenOnTopOfTheAnswer()
    {
        // ignore_eos is off, so an answer has at most max_tokens tokens; LPG's count adds one.
        var sweep = VirtualClusterRunner.Run(SingleModel, Prompts);

        var maxOutput = Prompts.Max(p => p.OutputTokens);
        Assert.All(sweep.Result.Rates, rate => Assert.InRange(rate.Overall.OutputLength!.Max, 2, maxOutput + 1));
    }

    [Fact]
    public void Run_InvalidOptions_NameTheKeyAndValue()
    {
        var options = SingleModel with { GatewayOverhead = TimeSpan.FromSeconds(-1) };

        var error = Assert.Throws<ArgumentException>(() => VirtualClusterRunner.Run(options, Prompts));

        Assert.Contains("GatewayOverhead = -00:00:01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoPrompts_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => VirtualClusterRunner.Run(SingleModel, []));

        Assert.Contains("No prompts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Cancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => VirtualClusterRunner.Run(SingleModel, Prompts, cancellationToken: cancelled.Token));
    }
}
