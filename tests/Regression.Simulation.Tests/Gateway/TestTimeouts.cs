namespace Regression.Simulation.Tests.Gateway;

/// <summary>
/// Guards against hangs, never waits: an await that should finish in milliseconds fails the
/// test after this long instead of blocking the run.
/// </summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(5);

    public static CancellationTokenSource HangGuard() => new(Hang);
}
