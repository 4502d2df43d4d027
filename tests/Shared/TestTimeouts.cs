namespace Regression.Tests.Shared;

/// <summary>
/// Guards against hangs, never waits: an await that should finish quickly fails the test after
/// this long instead of blocking the run.
/// </summary>
internal static class TestTimeouts
{
    /// <summary>How long an await that should take milliseconds may take before the test fails.</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

    /// <summary>How long a test server may take to stop.</summary>
    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(5);

    /// <summary>A token source that cancels after <see cref="Hang"/>.</summary>
    public static CancellationTokenSource HangGuard() => new(Hang);
}
