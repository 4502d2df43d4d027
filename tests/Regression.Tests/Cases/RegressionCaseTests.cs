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
    public void Metric_IsNotWorseThanBaseline(CoreMetric metric) => AssertRow(CaseRows.Metric(Report(), metric));

    [Fact]
    public void EveryRate_Completed() => AssertSane(SanityCheck.EveryRateCompleted);

    [Fact]
    public void Errors_WithinTolerance() => AssertSane(SanityCheck.ErrorsWithinTolerance);

    [Fact]
    public void Requests_SentOnSchedule() => AssertSane(SanityCheck.SentOnSchedule);

    private void AssertSane(SanityCheck check) => AssertRow(CaseRows.Sanity(Report(), check, fixture.Settings, fixture.Case));

    private void AssertRow(RowResult row)
    {
        output.WriteLine(row.Message);
        Assert.True(row.Passed, row.Message);
    }

    private CaseOutcome Report()
    {
        var outcome = fixture.Outcome;
        output.WriteLine($"Report: {outcome.Report}");
        return outcome;
    }
}
