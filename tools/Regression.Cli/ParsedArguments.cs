using System.Globalization;
using Regression.Core.Settings;

namespace Regression.Cli;

/// <summary>
/// A command's options as given: <c>--name value</c> (repeatable) and <c>--flag</c>. Deliberately
/// tiny: every command has a handful of options, and owning the parser keeps exit code 2 and
/// its one-line reason under our control.
/// </summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private ParsedArguments()
    {
    }

    /// <summary>Parses <paramref name="args"/> against the options a command accepts.</summary>
    /// <exception cref="CommandLineException">An unknown option, a missing value, or a stray argument.</exception>
    public static ParsedArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        var parsed = new ParsedArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (flagOptions.Contains(name))
            {
                parsed.flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CommandLineException($"option {name} needs a value");
                }

                parsed.Add(name, args[++i]);
            }
            else
            {
                var known = string.Join(", ", valueOptions.Concat(flagOptions).Order(StringComparer.Ordinal));
                throw new CommandLineException(name.StartsWith("--", StringComparison.Ordinal)
                    ? $"unknown option {name} (known: {known})"
                    : $"unexpected argument '{name}' (options: {known})");
            }
        }

        return parsed;
    }

    /// <summary>Every value given for <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

    /// <summary>The single value of <paramref name="name"/>, or null when absent.</summary>
    /// <exception cref="CommandLineException">Given more than once.</exception>
    public string? Single(string name) => All(name) switch
    {
        [] => null,
        [var one] => one,
        _ => throw new CommandLineException($"option {name} is given more than once"),
    };

    /// <summary>The single value of a required option.</summary>
    public string Required(string name) => Single(name) ?? throw new CommandLineException($"option {name} is required");

    /// <summary>A number option inside <paramref name="range"/>, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="CommandLineException">Not a number (NaN and infinities included), or outside the range.</exception>
    public double Number(string name, double fallback, SettingRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var text = Single(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && range.Contains(value)
            ? value
            : throw new CommandLineException($"option {name} = '{text}': expected {range.Describe()}");
    }

    /// <summary>A whole-number option inside <paramref name="range"/>, or null when absent.</summary>
    /// <exception cref="CommandLineException">Not a whole number, too large for one, or outside the range.</exception>
    public int? Integer(string name, SettingRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && range.Contains(value)
            ? value
            : throw new CommandLineException($"option {name} = '{text}': expected {range.Describe(wholeNumber: true)}");
    }

    /// <summary>A comma-separated list of numbers, each inside <paramref name="range"/>, at most <paramref name="maximumCount"/> of them; null when absent.</summary>
    /// <exception cref="CommandLineException">An item is not a number or outside the range, the list is empty, or too long.</exception>
    public IReadOnlyList<double>? Numbers(string name, SettingRange range, int maximumCount)
    {
        ArgumentNullException.ThrowIfNull(range);
        var text = Single(name);
        if (text is null)
        {
            return null;
        }

        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            values.Add(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && range.Contains(value)
                ? value
                : throw new CommandLineException($"option {name}: '{part}' is not {range.Describe()}"));
        }

        return values.Count switch
        {
            0 => throw new CommandLineException($"option {name} = '{text}': no value given"),
            _ when values.Count > maximumCount => throw new CommandLineException($"option {name}: {values.Count} values, at most {maximumCount}"),
            _ => values,
        };
    }

    /// <summary>Whether the flag was given.</summary>
    public bool Has(string flag) => flags.Contains(flag);

    private void Add(string name, string value)
    {
        if (!values.TryGetValue(name, out var list))
        {
            values[name] = list = [];
        }

        list.Add(value);
    }
}
