using Regression.Core.Settings;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands.Detection;

/// <summary>A row of the detection tables: a variant's key, its name for people, and its target.</summary>
/// <param name="Key">The variant's key in files and on the command line.</param>
/// <param name="Name">Its name in tables.</param>
/// <param name="Target">Its target rate; null when the issue sets none.</param>
/// <param name="IsUnchanged">True for the unchanged system: its rate is a false-alarm rate.</param>
internal sealed record DetectionVariant(string Key, string Name, DetectionTarget? Target, bool IsUnchanged)
{
    /// <summary>The row of <paramref name="change"/>.</summary>
    public static DetectionVariant Of(SweepChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.Key, change.Name, DetectionTarget.For(change), change.IsUnchanged);
    }

    /// <summary>
    /// The rows for <paramref name="regressionCase"/>: the case's variants in catalogue order, then any
    /// other variant key found in <paramref name="runs"/> (a file written by another version).
    /// </summary>
    public static IReadOnlyList<DetectionVariant> Rows(RegressionCase regressionCase, IEnumerable<DetectionRunRecord> runs)
    {
        var known = SweepChanges.VariantsOf(regressionCase).Select(Of).ToList();
        var others = runs.Select(r => r.Variant).Distinct(StringComparer.Ordinal).Where(key => known.All(v => v.Key != key));
        return [.. known, .. others.Select(key => new DetectionVariant(key, key, null, IsUnchanged: false))];
    }
}
