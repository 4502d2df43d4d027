using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Xunit.Abstractions;

namespace Regression.Tests.Cases;

/// <summary>
/// The rows every case has: one per core metric (so a test explorer shows which metric regressed)
/// and the sanity rows that make the verdict trustworthy.
/// </summary>
public abstract class RegressionCaseTests(RegressionCaseFixture fixture, ITestOutputHelper output)
{
    /// <summary>The five core metrics, one row each.</summary>
    public static TheoryData<CoreMetric> Metrics { get; } = new(CoreMetrics.All.Select(d => d.Metric));

    [Theory]
    [MemberData(nameof(Metrics))]
    public void Metric_IsNotWorseThanBaseline(CoreMetric metric)
    {
        var outcome = Report();
        if (outcome.BaselineProblem is { } problem)
        {
            Assert.Fail(problem);
        }

        if (outcome.Comparison is not { } comparison)
        {
            output.WriteLine("The baseline was recorded by this run; nothing to compare.");
            return;
        }

        var result = comparison.For(metric);
        output.WriteLine(result.Reason);
        Assert.True(result.Verdict is Verdict.Unchanged or Verdict.Improved, $"{result.Reason}. Report: {outcome.Report}");
    }

    [Fact]
    public void EveryRate_Completed() => AssertSane(SanityCheck.EveryRateCompleted);

    [Fact]
    public void Errors_WithinTolerance() => AssertSane(SanityCheck.ErrorsWithinTolerance);

    [Fact]
    public void Requests_SentOnSchedule() => AssertSane(SanityCheck.SentOnSchedule);

    private void AssertSane(SanityCheck check)
    {
        var outcome = Report();
        var problems = SanityChecks.Find(check, outcome.Sweep, fixture.Settings.Cases.For(fixture.Case), fixture.Settings.Checks);
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        Assert.True(problems.Count == 0, $"{check}: {string.Join("; ", problems)}. Report: {outcome.Report}");
    }

    private CaseOutcome Report()
    {
        var outcome = fixture.Outcome;
        output.WriteLine($"Report: {outcome.Report}");
        return outcome;
    }
}
