using Regression.Core.Settings;

namespace Regression.Cli.Commands;

/// <summary>The <c>--settings FILE</c> option the cluster commands share: that file, else the nearest testsettings.json, else the defaults.</summary>
internal static class SuiteSettingsOption
{
    public const string Name = "--settings";

    public const string Usage = $"{Name} FILE   settings from this file (default: the nearest testsettings.json, else the built-in defaults).";

    public static async Task<SuiteSettings> LoadAsync(string? file, CliConsole console)
    {
        file ??= SettingsLoader.FindFile();
        if (file is null)
        {
            await console.Error.WriteLineAsync($"No {SettingsLoader.FileName} found; using the built-in settings.").ConfigureAwait(false);
            return new SuiteSettings();
        }

        try
        {
            return SettingsLoader.Load(file);
        }
        catch (SettingsException e)
        {
            throw new CommandLineException($"{e.Source}: {string.Join("; ", e.Problems)}", e);
        }
    }

    /// <summary>A whole number option ≥ 1, or null when absent.</summary>
    public static int? PositiveInteger(ParsedArguments options, string name)
    {
        var text = options.Single(name);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : throw new CommandLineException($"option {name} = '{text}': expected a whole number ≥ 1");
    }

    /// <summary>An enum option by name (case-insensitive), or <paramref name="fallback"/> when absent.</summary>
    public static T Choice<T>(ParsedArguments options, string name, T fallback)
        where T : struct, Enum
    {
        var text = options.Single(name);
        if (text is null)
        {
            return fallback;
        }

        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new CommandLineException($"option {name} = '{text}': expected one of {string.Join(", ", Enum.GetNames<T>())}");
    }
}
