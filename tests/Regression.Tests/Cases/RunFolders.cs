using System.Globalization;

namespace Regression.Tests.Cases;

/// <summary>One timestamp per test run, so both cases of a run share TestResults/regression/&lt;timestamp&gt;/.</summary>
internal static class RunFolders
{
    private static readonly string Timestamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    /// <summary>&lt;output&gt;/&lt;timestamp&gt;/&lt;case&gt;, created.</summary>
    public static string For(string outputFolder, string caseName) =>
        Directory.CreateDirectory(Path.Combine(outputFolder, Timestamp, caseName)).FullName;
}
