using Regression.Core.Analysis;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands.Detection;

/// <summary>What a real-time run counts as in the tables.</summary>
internal enum RunOutcome
{
    /// <summary>The case passed (Unchanged or Improved).</summary>
    Passed,

    /// <summary>The case failed on its verdict (Regressed, or Inconclusive where that fails).</summary>
    Flagged,

    /// <summary>No verdict to count: the run crashed, had no baseline, failed a sanity row before judging, or was NotComputable.</summary>
    NoVerdict,
}

/// <summary>Decides a recorded run's <see cref="RunOutcome"/> with the same rule the virtual benchmark uses.</summary>
internal static class RunOutcomes
{
    /// <summary>The outcome of <paramref name="run"/>.</summary>
    public static RunOutcome Of(DetectionRunRecord run, bool inconclusiveFails)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Error is not null || run.Verdict is null ? RunOutcome.NoVerdict : OfVerdict(run.Verdict, inconclusiveFails);
    }

    /// <summary>
    /// The outcome of a verdict as written in <c>verdict.json</c>. A name this build does not know
    /// (Inconclusive, where the enum lacks it) is judged as the rule's "any other verdict" is.
    /// </summary>
    public static RunOutcome OfVerdict(string verdict, bool inconclusiveFails)
    {
        var known = Enum.TryParse<Verdict>(verdict, ignoreCase: false, out var value) && Enum.IsDefined(value) && !int.TryParse(verdict, out _);
        if (known && value == Verdict.NotComputable)
        {
            return RunOutcome.NoVerdict;
        }

        var flagged = known ? DetectionStatistics.IsFlagged(value, inconclusiveFails) : inconclusiveFails;
        return flagged ? RunOutcome.Flagged : RunOutcome.Passed;
    }
}
