using System.Text.Json;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// The suite's <c>verdict.json</c> of one case run (schema version 1), as far as the detection
/// benchmark reads it: the overall verdict and, per core metric, its verdict, worsening, minimum
/// detectable change and R². The per-rate rows are not read.
/// </summary>
/// <param name="SchemaVersion">The file's schema version; only <see cref="SupportedSchemaVersion"/> is read.</param>
/// <param name="Case">The case's name.</param>
/// <param name="Verdict">Regressed, Inconclusive, Improved, Unchanged or NotComputable.</param>
/// <param name="Paired">Whether the baseline was recorded on the run's own schedule.</param>
/// <param name="Metrics">One entry per core metric.</param>
internal sealed record SuiteVerdict(int SchemaVersion, string Case, string Verdict, bool? Paired, IReadOnlyList<SuiteMetricVerdict> Metrics)
{
    /// <summary>The file's name inside a run's case folder.</summary>
    public const string FileName = "verdict.json";

    /// <summary>The schema this reader understands.</summary>
    public const int SupportedSchemaVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The verdict a run wrote under <paramref name="outputFolder"/> for <paramref name="caseName"/>
    /// (<c>&lt;folder&gt;/&lt;run&gt;/&lt;case&gt;/verdict.json</c>, the newest run folder if several); null when there is none.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a version-1 verdict.</exception>
    public static SuiteVerdict? Find(string outputFolder, string caseName)
    {
        if (!Directory.Exists(outputFolder))
        {
            return null;
        }

        var file = Directory.GetDirectories(outputFolder)
            .Order(StringComparer.Ordinal)
            .Select(run => Path.Combine(run, caseName, FileName))
            .LastOrDefault(File.Exists);
        return file is null ? null : Read(file);
    }

    /// <summary>Reads <paramref name="file"/>.</summary>
    /// <exception cref="InvalidDataException">Not JSON, not schema version 1, or without a verdict.</exception>
    public static SuiteVerdict Read(string file)
    {
        SuiteVerdict? verdict;
        try
        {
            verdict = JsonSerializer.Deserialize<SuiteVerdict>(File.ReadAllText(file), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not a verdict file ({e.Message})", e);
        }

        return verdict switch
        {
            null or { Verdict: null or "" } => throw new InvalidDataException($"{file}: no overall verdict"),
            { SchemaVersion: not SupportedSchemaVersion } => throw new InvalidDataException($"{file}: schemaVersion {verdict.SchemaVersion}, this reader knows {SupportedSchemaVersion}"),
            _ => verdict with { Metrics = verdict.Metrics ?? [] },
        };
    }
}
