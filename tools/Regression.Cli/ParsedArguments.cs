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

    /// <summary>A positive number option, or <paramref name="fallback"/> when absent.</summary>
    public double Number(string name, double fallback)
    {
        var text = Single(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new CommandLineException($"option {name} = '{text}': expected a positive number");
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
