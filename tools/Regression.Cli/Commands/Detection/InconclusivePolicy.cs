using Regression.Core.Settings;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// Whether an Inconclusive verdict fails a case: <c>Analysis:InconclusiveFails</c>, true by default.
/// Read by name, so the benchmark follows the setting in every settings version and treats
/// Inconclusive as failing where the setting does not exist.
/// </summary>
internal static class InconclusivePolicy
{
    private const string SettingName = "InconclusiveFails";

    /// <summary>The setting's value in <paramref name="analysis"/>, or true when there is no such setting.</summary>
    public static bool Fails(AnalysisSettings analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return typeof(AnalysisSettings).GetProperty(SettingName)?.GetValue(analysis) is not false;
    }
}
