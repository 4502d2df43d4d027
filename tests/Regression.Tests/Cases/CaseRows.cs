using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Settings;

namespace Regression.Tests.Cases;

/// <summary>
/// What each row of a case decides from its outcome: one row per core metric and the sanity
/// rows. The case classes assert these; fault tests read them to check which rows fail and why.
/// A failing row of a run with injected faults names them, so nobody takes it for a regression.
/// </summary>
public static class CaseRows
{
    /// <summary>The metric row: passes when the metric is unchanged or improved, or when this run recorded the baseline.</summary>
    public static RowResult Metric(CaseOutcome outcome, CoreMetric metric)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.BaselineProblem is { } problem)
        {
            return Fail(outcome, problem);
        }

        if (outcome.Comparison is not { } comparison)
        {
            return RowResult.Pass("The baseline was recorded by this run; nothing to compare.");
        }

        var result = comparison.For(metric);
        return result.Verdict is Verdict.Unchanged or Verdict.Improved
            ? RowResult.Pass(result.Reason)
            : Fail(outcome, $"{result.Reason}. Report: {outcome.Report}");
    }

    /// <summary>The sanity row <paramref name="check"/>: passes when the check finds no problem.</summary>
    public static RowResult Sanity(CaseOutcome outcome, SanityCheck check, SuiteSettings settings, RegressionCase regressionCase)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(settings);
        var problems = SanityChecks.Find(check, outcome.Sweep, settings.Cases.For(regressionCase), settings.Checks);
        return problems.Count == 0
            ? RowResult.Pass($"{check}: no problem")
            : Fail(outcome, $"{check}: {string.Join("; ", problems)}. Report: {outcome.Report}");
    }

    private static RowResult Fail(CaseOutcome outcome, string message) =>
        RowResult.Fail(outcome.Faults is { } faults ? $"{message} Faults injected: {faults}." : message);
}
