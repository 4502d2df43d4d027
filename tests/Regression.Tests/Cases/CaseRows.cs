using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Reports;
using Regression.Core.Settings;

namespace Regression.Tests.Cases;

/// <summary>
/// What each row of a case decides from its outcome: one row per core metric and the sanity
/// rows. The case classes assert these; fault tests read them to check which rows fail and why.
/// A failing row of a run with injected faults names them, so nobody takes it for a regression.
/// </summary>
public static class CaseRows
{
    /// <summary>What opens the message of a row that passes only because inconclusive metrics are allowed to.</summary>
    public const string WarningLead = "WARNING (inconclusive, allowed by Analysis:InconclusiveFails = false):";

    /// <summary>
    /// The metric row: passes when the metric is unchanged or improved, or when this run recorded the
    /// baseline; an inconclusive metric fails unless <c>Analysis:InconclusiveFails</c> is false, when it
    /// passes with a warning. The message names the verdict, the worsening, its band, the tolerance,
    /// the MDC and, for an inconclusive metric, the baseline runs that would resolve it.
    /// </summary>
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
        var message = DetectabilityText.RowMessage(result);
        if (comparison.Fails(result))
        {
            return Fail(outcome, $"{message} Report: {outcome.Report}");
        }

        return result.Verdict == Verdict.Inconclusive
            ? RowResult.Pass($"{WarningLead} {message} Report: {outcome.Report}")
            : RowResult.Pass(message);
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
