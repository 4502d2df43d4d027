using Regression.Core.Analysis;
using Regression.Core.Results;
using Regression.Core.Results.Aggregation;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Analysis;

public sealed class SanityChecksTests
{
    private static readonly CaseSettings Case = new() { RequestRates = [10, 20], SecondsPerRate = 2, Models = ["m"], BaseModel = "m" };
    private static readonly ChecksSettings Checks = new();

    [Fact]
    public void Find_HealthySweep_FindsNothing()
    {
        var sweep = Sweep(Rate(10, 20), Rate(20, 40));

        foreach (var check in Enum.GetValues<SanityCheck>())
        {
            Assert.Empty(SanityChecks.Find(check, sweep, Case, Checks));
        }
    }

    [Fact]
    public void EveryRateCompleted_MissingRateAndShortRate_AreNamed()
    {
        var sweep = Sweep(Rate(10, 19));

        var problems = SanityChecks.Find(SanityCheck.EveryRateCompleted, sweep, Case, Checks);

        Assert.Equal(
            ["10 req/s: 19 requests sent, expected int(10 × 2 s) = 20", "20 req/s: no result (the rate did not run or did not finish)"],
            problems);
    }

    [Fact]
    public void ErrorsWithinTolerance_TooManyFailures_NamesRateCountAndClasses()
    {
        var sweep = Sweep(Rate(10, 20, failures: 2));

        var problem = Assert.Single(SanityChecks.Find(SanityCheck.ErrorsWithinTolerance, sweep, Case, Checks));

        Assert.Equal("10 req/s: 2 of 20 requests failed (10 %; allowed 0.1 %): TimeoutError 2", problem);
    }

    [Fact]
    public void SentOnSchedule_LateSender_ReportsSendLag()
    {
        // A starved sender lags seconds, far past the default limit of 250 ms.
        var sweep = Sweep(Rate(10, 20, lag: TimeSpan.FromMilliseconds(1500)));

        var problem = Assert.Single(SanityChecks.Find(SanityCheck.SentOnSchedule, sweep, Case, Checks));

        Assert.StartsWith("10 req/s: send lag p99 1500 ms (allowed 250 ms", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SentOnSchedule_SenderThatFallsBehind_ReportsTheAchievedRate()
    {
        var sweep = Sweep(Rate(10, 20, stretch: 1.05));

        var problems = SanityChecks.Find(SanityCheck.SentOnSchedule, sweep, Case, Checks with { MaxSendLagP99 = TimeSpan.FromHours(1) });

        var problem = Assert.Single(problems);
        Assert.Contains("achieved 9.524 req/s against the schedule's 10 (-4.76 %; allowed ±1 %)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SentOnSchedule_NoSendTimes_CannotBeChecked()
    {
        var sweep = Sweep(Rate(10, 20) with { Load = null });

        var problem = Assert.Single(SanityChecks.Find(SanityCheck.SentOnSchedule, sweep, Case, Checks));

        Assert.Equal("10 req/s: the results record no send times, so the schedule cannot be checked", problem);
    }

    [Fact]
    public void FindAll_SweepFailingTwoChecks_ListsEachProblemWithItsCheck()
    {
        var sweep = Sweep(Rate(10, 20, failures: 2, lag: TimeSpan.FromMilliseconds(1500)));

        var found = SanityChecks.FindAll(sweep, Case, Checks);

        Assert.Equal(
            [SanityCheck.EveryRateCompleted, SanityCheck.ErrorsWithinTolerance, SanityCheck.SentOnSchedule],
            found.Select(f => f.Check));
        Assert.Equal("20 req/s: no result (the rate did not run or did not finish)", found[0].Problem);
        Assert.StartsWith("10 req/s: 2 of 20 requests failed", found[1].Problem, StringComparison.Ordinal);
        Assert.StartsWith("10 req/s: send lag p99 1500 ms", found[2].Problem, StringComparison.Ordinal);
    }

    private static SweepResult Sweep(params RateResult[] rates) =>
        new() { Format = ResultFormat.Lpg, Source = "test", Models = ["m"], Rates = rates };

    // Requests evenly spaced by the schedule; the sender is late by `lag` each, or stretches time by `stretch`.
    private static RateResult Rate(double rate, int count, int failures = 0, TimeSpan lag = default, double stretch = 1)
    {
        var requests = Enumerable.Range(0, count).Select(i =>
        {
            var scheduled = TimeSpan.FromSeconds(i / rate);
            return new RequestRecord
            {
                Model = "m",
                PromptTokens = 100,
                ScheduledAt = scheduled,
                SentAt = (scheduled * stretch) + lag,
                OutputTokens = 10,
                LatencyMs = 50,
                Error = i < failures ? RequestErrorClass.TimeoutError : null,
            };
        }).ToList();
        return RateResultBuilder.Build(rate, ["m"], requests, TimeSpan.FromSeconds(count / rate + 1));
    }
}
