using System.Globalization;
using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Settings;

/// <summary>
/// Whole-table properties of the ranges: every numeric setting has one, its default is inside it,
/// the loader holds every key to it, and no hostile value gets past the loader or crashes it.
/// </summary>
public sealed class SettingRangeTableTests
{
    // The hostile values every numeric key is probed with, by class.
    private static readonly (string Class, string Text)[] HostileInputs =
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("Infinity", "-Infinity"),
        ("negative", "-1"),
        ("negative", "-1e308"),
        ("zero", "0"),
        ("huge", "1e7"),
        ("huge", "1e9"),
        ("huge", "1e308"),
        ("huge", "10675199.02:48:05.4775807"),
        ("overflow", "2147483648"),
        ("overflow", "-2147483649"),
        ("overflow", "1e309"),
        ("non-numeric", "ten"),
        ("non-numeric", ""),
    ];

    public static TheoryData<string> NumericKeys => [.. SettingsBoundsTable.Rows().Select(r => r.Key)];

    public static TheoryData<string, string> HostileProbes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var row in SettingsBoundsTable.Rows())
            {
                foreach (var (_, text) in HostileInputs)
                {
                    data.Add(row.Key, text);
                }
            }

            return data;
        }
    }

    [Fact]
    public void EveryNumericSetting_DeclaresARange()
    {
        var rows = SettingsBoundsTable.Rows();

        Assert.NotEmpty(rows);
        Assert.Empty(rows.Where(r => r.Range is null).Select(r => r.Key));
    }

    [Fact]
    public void EveryDefault_IsInsideItsRange()
    {
        var problems = new List<string>();

        foreach (var section in Sections(new SuiteSettings()))
        {
            SettingRanges.Validate(section.Value, section.Key, problems);
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(NumericKeys))]
    public void Load_JustOutsideEitherBound_IsReportedWithKeyValueAndRange(string key)
    {
        var row = SettingsBoundsTable.Rows().Single(r => r.Key == key);
        var range = row.Range!;
        var whole = SettingRanges.IsWholeNumber(row.Property.PropertyType);

        foreach (var outside in JustOutside(range, whole))
        {
            var problems = Problems(key, outside);

            Assert.True(
                problems.Any(p => (p.StartsWith($"{key} = ", StringComparison.Ordinal) || p.StartsWith($"{key}:0 = ", StringComparison.Ordinal)) && p.Contains(range.Describe(whole), StringComparison.Ordinal)),
                $"{key} = {outside}: {string.Join(" | ", problems)}");
        }

        foreach (var bound in Inside(range, whole))
        {
            var problems = Problems(key, bound);

            Assert.False(problems.Any(p => p.Contains(range.Describe(whole), StringComparison.Ordinal)), $"{key} = {bound}: {string.Join(" | ", problems)}");
        }
    }

    [Theory]
    [MemberData(nameof(HostileProbes))]
    public void Load_HostileValue_IsAcceptedInsideTheRangeOrReportedWithItsKey(string key, string text)
    {
        // Whatever the value, the loader answers: settings inside every range, or problems that name the key.
        var problems = Problems(key, text);

        Assert.True(
            problems.Count == 0 || problems.Any(p => p.StartsWith(key, StringComparison.Ordinal)),
            $"{key} = '{text}': {string.Join(" | ", problems)}");
    }

    [Fact]
    public void ToMarkdown_ListsEveryNumericSettingWithRangeAndDefault()
    {
        var table = SettingsBoundsTable.ToMarkdown();

        Assert.Equal(SettingsBoundsTable.Rows().Count + 2, table.TrimEnd().Split('\n').Length);
        Assert.Contains("| `Cases:SingleWorkload:SecondsPerRate` | (0, 3600] | 15 |", table, StringComparison.Ordinal);
        Assert.Contains("| `Gateway:ScrapeInterval` | [00:00:00.001, 00:01:00] | 00:00:00.05 |", table, StringComparison.Ordinal);
        Assert.Contains("| `Analysis:Confidence` | (0.5, 1) | 0.99 |", table, StringComparison.Ordinal);
        Assert.Contains("| `Cases:MultiLora:Seed` | any whole number | 1 |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("**none**", table, StringComparison.Ordinal);
    }

    private static List<string> Problems(string key, string text)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = text })
            .Build();
        try
        {
            SettingsLoader.Bind(configuration, Path.GetTempPath(), "test");
            return [];
        }
        catch (SettingsException e)
        {
            return [.. e.Problems];
        }
    }

    private static IEnumerable<string> JustOutside(SettingRange range, bool whole)
    {
        if (range.IsDuration)
        {
            yield return Duration(range.MinimumExclusive ? range.Minimum : range.Minimum - 1);
            yield return Duration(range.MaximumExclusive ? range.Maximum : range.Maximum + 1);
            yield break;
        }

        // Whole numbers one past the bound (none past the int range: those are not whole numbers of the type at all).
        if (whole)
        {
            if (range.Minimum > int.MinValue)
            {
                yield return Number(range.MinimumExclusive ? range.Minimum : range.Minimum - 1);
            }

            if (range.Maximum < int.MaxValue)
            {
                yield return Number(range.MaximumExclusive ? range.Maximum : range.Maximum + 1);
            }

            yield break;
        }

        yield return Number(range.MinimumExclusive ? range.Minimum : Math.BitDecrement(range.Minimum));
        yield return Number(range.MaximumExclusive ? range.Maximum : Math.BitIncrement(range.Maximum));
    }

    private static IEnumerable<string> Inside(SettingRange range, bool whole)
    {
        var step = range.IsDuration || whole ? 1 : 0;
        var low = range.MinimumExclusive ? (step == 1 ? range.Minimum + 1 : Math.BitIncrement(range.Minimum)) : range.Minimum;
        var high = range.MaximumExclusive ? (step == 1 ? range.Maximum - 1 : Math.BitDecrement(range.Maximum)) : range.Maximum;
        return range.IsDuration ? [Duration(low), Duration(high)] : [Number(low), Number(high)];
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Duration(double ticks) => TimeSpan.FromTicks((long)ticks).ToString("c", CultureInfo.InvariantCulture);

    // Every settings section object of the tree, by its key.
    private static Dictionary<string, object> Sections(SuiteSettings settings)
    {
        var sections = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var row in SettingsBoundsTable.Rows(settings))
        {
            var path = row.Key[..row.Key.LastIndexOf(':')];
            if (!sections.ContainsKey(path))
            {
                object section = settings;
                foreach (var part in path.Split(':'))
                {
                    section = section.GetType().GetProperty(part)!.GetValue(section)!;
                }

                sections[path] = section;
            }
        }

        return sections;
    }
}
