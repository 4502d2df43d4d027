using Regression.Core.Settings;

namespace Regression.Cli.Commands;

/// <summary>
/// The values <c>kubernetes-pod</c> accepts for LPG's environment variables, beyond "parses":
/// each bound keeps a typo from becoming a run that exhausts the pod's memory or disk, runs for
/// weeks, or writes outside its folder. The README's table "LPG variable | accepted range | why"
/// lists the same bounds.
/// </summary>
internal static class LpgVariableRanges
{
    /// <summary>The most requests one rate may send, int(rate × seconds): the suite's own bound, so the pod accepts what the settings accept.</summary>
    public const int MaxRequestsPerRate = CaseSettings.MaximumRequestsPerRate;

    /// <summary>The longest rate, in seconds, as the settings allow (upstream runs 300 s).</summary>
    public const double MaxSecondsPerRate = CaseSettings.MaximumSecondsPerRate;

    /// <summary>The most rates of one sweep, as the settings allow.</summary>
    public const int MaxRates = CaseSettings.MaximumRequestRates;

    /// <summary>The most models (upstream's multi-LoRA case has 15 adapters).</summary>
    public const int MaxModels = 1_000;

    /// <summary>
    /// The longest model name: it becomes part of every result file's name, which must stay within
    /// the file system's 255 bytes beside the prefix, backend, rate and date.
    /// </summary>
    public const int MaxModelNameLength = 128;

    /// <summary>The longest FILE_PREFIX (it starts every result file's name).</summary>
    public const int MaxFilePrefixLength = 64;

    /// <summary>The shortest prompt or output length LPG's filter keeps (LPG drops shorter sequences).</summary>
    public const int MinSequenceLength = CaseSettings.LpgMinimumSequenceLength;

    /// <summary>The longest INPUT_LENGTH or OUTPUT_LENGTH: Llama-3.1's context window; no server answers longer.</summary>
    public const int MaxSequenceLength = CaseSettings.LongestSequence;

    /// <summary>Whether <paramref name="prefix"/> is a plain file-name start: letters, digits, '.', '_', '-', not starting with '.' or '-'.</summary>
    public static bool IsFilePrefix(string prefix) =>
        prefix.Length is > 0 and <= MaxFilePrefixLength
        && (char.IsAsciiLetterOrDigit(prefix[0]) || prefix[0] == '_')
        && prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
