namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>What the fake <c>benchmark-tool</c> pod does once it runs.</summary>
public enum LpgBehavior
{
    /// <summary>Runs every rate, writes LPG result files and a dataset file, logs LPG_FINISHED, sleeps.</summary>
    Completes,

    /// <summary>Runs every rate and logs LPG_FINISHED, but writes no result file (every rate failed).</summary>
    CompletesWithoutResults,

    /// <summary>As <see cref="Completes"/>, with one result file missing a field.</summary>
    WritesMalformedResult,

    /// <summary>Starts the first rate, then prints nothing more and never finishes.</summary>
    StallsAfterFirstRate,

    /// <summary>Starts the first rate, then its container exits with code 1 (the log ends).</summary>
    CrashesAfterFirstRate,
}
