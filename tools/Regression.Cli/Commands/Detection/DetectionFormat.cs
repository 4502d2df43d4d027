using System.Globalization;

namespace Regression.Cli.Commands.Detection;

/// <summary>How the detection tables write numbers, counts and rates, and Markdown tables themselves.</summary>
internal static class DetectionFormat
{
    /// <summary>A Markdown table: the first column left-aligned, the others right-aligned.</summary>
    public static IEnumerable<string> Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        yield return "| " + string.Join(" | ", headers) + " |";
        yield return "|" + string.Concat(headers.Select((_, i) => i == 0 ? "---|" : "---:|"));
        foreach (var row in rows)
        {
            yield return "| " + string.Join(" | ", row) + " |";
        }
    }

    /// <summary>"3/10".</summary>
    public static string Count(int count, int runs) => Invariant($"{count}/{runs}");

    /// <summary>"30 % [10.8 %, 60.3 %]", or "–" without runs.</summary>
    public static string Rate(int count, int runs)
    {
        if (runs == 0)
        {
            return "–";
        }

        var interval = ProportionInterval.Wilson(count, runs);
        return $"{Percent((double)count / runs)} [{Percent(interval.Low)}, {Percent(interval.High)}]";
    }

    /// <summary>Three significant decimals, or n/a for NaN.</summary>
    public static string Number(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{value:0.###}");

    // Adding 0.0 turns a rounded −0 into 0, so an unchanged count prints "0 %", not "-0 %".
    /// <summary>"5.1 %", or n/a for NaN.</summary>
    public static string Percent(double value) => double.IsNaN(value) ? "n/a" : Invariant($"{Math.Round(value * 100, 1) + 0.0:0.#} %");

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
