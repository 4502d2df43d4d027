namespace Regression.Tests.Cases;

/// <summary>The decision of one row of a case: whether it passes, and the line that explains it.</summary>
/// <param name="Passed">True when the row passes.</param>
/// <param name="Message">Why: the metric's reason or the sanity check's problems.</param>
public sealed record RowResult(bool Passed, string Message)
{
    public static RowResult Pass(string message) => new(true, message);

    public static RowResult Fail(string message) => new(false, message);
}
