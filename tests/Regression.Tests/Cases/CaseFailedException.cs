using Regression.Core.Settings;

namespace Regression.Tests.Cases;

/// <summary>The case could not provision, run or collect; thrown in every row with the cause as inner exception.</summary>
public sealed class CaseFailedException : Exception
{
    public CaseFailedException(RegressionCase regressionCase, Exception? cause)
        : base($"{regressionCase} did not run: {cause?.Message ?? "its fixture has not been initialized"}", cause)
    {
    }

    public CaseFailedException()
    {
    }

    public CaseFailedException(string message)
        : base(message)
    {
    }

    public CaseFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
