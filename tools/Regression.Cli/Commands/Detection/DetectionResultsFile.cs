using System.Text.Json;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// The results file of real-time detection runs: JSON Lines, one <see cref="DetectionRunRecord"/> a
/// line, only ever appended to, so runs accumulate across invocations and sessions.
/// </summary>
internal static class DetectionResultsFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends <paramref name="record"/> as one line, creating the file and its folder when missing.</summary>
    public static async Task AppendAsync(string file, DetectionRunRecord record, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        await File.AppendAllTextAsync(file, JsonSerializer.Serialize(record, Json) + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every run of <paramref name="caseName"/> in <paramref name="file"/>; none when the file does not exist.</summary>
    /// <exception cref="CommandLineException">A line is not a run record (named by its number).</exception>
    public static async Task<IReadOnlyList<DetectionRunRecord>> ReadAsync(string file, string caseName, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
        var records = new List<DetectionRunRecord>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            DetectionRunRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<DetectionRunRecord>(lines[i], Json);
            }
            catch (JsonException e)
            {
                throw new CommandLineException($"results file {file}, line {i + 1}: not a detection run ({e.Message})", e);
            }

            if (record is null)
            {
                throw new CommandLineException($"results file {file}, line {i + 1}: not a detection run (null)");
            }

            if (string.Equals(record.Case, caseName, StringComparison.OrdinalIgnoreCase))
            {
                records.Add(record);
            }
        }

        return records;
    }
}
