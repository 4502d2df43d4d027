using Regression.Core.Reports;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// Finds and reads the <c>verdict.json</c> a suite run wrote (with <see cref="VerdictFile"/>), as the
/// detection benchmark records it: the overall verdict, whether the run was paired, and per core
/// metric its verdict, worsening, minimum detectable change and R².
/// </summary>
internal static class SuiteVerdict
{
    /// <summary>
    /// The verdict a run wrote under <paramref name="outputFolder"/> for <paramref name="caseName"/>
    /// (<c>&lt;folder&gt;/&lt;run&gt;/&lt;case&gt;/verdict.json</c>, the newest run folder if several); null when there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a verdict file this build reads.</exception>
    public static async Task<VerdictFileContent?> FindAsync(string outputFolder, string caseName, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(outputFolder))
        {
            return null;
        }

        var file = Directory.GetDirectories(outputFolder)
            .Order(StringComparer.Ordinal)
            .Select(run => Path.Combine(run, caseName, VerdictFile.FileName))
            .LastOrDefault(File.Exists);
        return file is null ? null : await VerdictFile.ReadAsync(file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The per-metric figures a results line keeps.</summary>
    public static IReadOnlyList<SuiteMetricVerdict> Metrics(VerdictFileContent verdict) =>
        verdict.Metrics.Select(m => new SuiteMetricVerdict(m.Metric.ToString(), m.Verdict.ToString(), m.Worsening, m.MinimumDetectableChange, m.RSquared)).ToArray();
}
