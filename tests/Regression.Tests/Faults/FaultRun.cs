using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;
using Regression.Tests.Cases;

namespace Regression.Tests.Faults;

/// <summary>One run of the small case with faults: its outcome (or what it threw), its progress lines and how long it took.</summary>
/// <param name="Settings">The settings it ran with.</param>
/// <param name="Outcome">The case's outcome; null when it threw.</param>
/// <param name="Error">What it threw; null when it finished.</param>
/// <param name="Lines">Its progress lines.</param>
/// <param name="Duration">From start to outcome or exception.</param>
public sealed record FaultRun(SuiteSettings Settings, CaseOutcome? Outcome, Exception? Error, IReadOnlyList<string> Lines, TimeSpan Duration)
{
    /// <summary>Every row of the case, named as the test explorer names it, with its decision.</summary>
    public IReadOnlyDictionary<string, RowResult> Rows()
    {
        var outcome = Outcome ?? throw new InvalidOperationException("The run threw, so it has no rows.", Error);
        var rows = new Dictionary<string, RowResult>(StringComparer.Ordinal);
        foreach (var metric in CoreMetrics.All.Select(d => d.Metric))
        {
            rows[MetricRow(metric)] = CaseRows.Metric(outcome, metric);
        }

        foreach (var check in Enum.GetValues<SanityCheck>())
        {
            rows[SanityRow(check)] = CaseRows.Sanity(outcome, check, Settings, RegressionCase.SingleWorkload);
        }

        return rows;
    }

    /// <summary>The name of a metric row.</summary>
    public static string MetricRow(CoreMetric metric) => $"Metric_IsNotWorseThanBaseline({metric})";

    /// <summary>The name of a sanity row, as the case classes name their methods.</summary>
    public static string SanityRow(SanityCheck check) => check switch
    {
        SanityCheck.EveryRateCompleted => "EveryRate_Completed",
        SanityCheck.ErrorsWithinTolerance => "Errors_WithinTolerance",
        SanityCheck.SentOnSchedule => "Requests_SentOnSchedule",
        _ => check.ToString(),
    };
}
