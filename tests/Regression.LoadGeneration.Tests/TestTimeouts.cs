namespace Regression.LoadGeneration.Tests;

/// <summary>Guards against hangs, never waits: an await that should finish quickly fails the test after this long.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(5);
}
