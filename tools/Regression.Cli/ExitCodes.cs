namespace Regression.Cli;

/// <summary>What the process exit code tells a script or CI step.</summary>
internal static class ExitCodes
{
    /// <summary>The command did its job; for <c>compare</c>: no metric regressed.</summary>
    public const int Success = 0;

    /// <summary><c>compare</c>: at least one metric regressed.</summary>
    public const int Regressed = 1;

    /// <summary>Bad input (arguments, files, settings): a one-line reason is printed.</summary>
    public const int BadInput = 2;
}
