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

    /// <summary>
    /// The requests one rate of a command sends, <paramref name="rate"/> × <paramref name="seconds"/>, held to the
    /// settings' bound (<see cref="CaseSettings.MaximumRequestsPerRate"/>): every request is kept in memory.
    /// </summary>
    /// <exception cref="CommandLineException">More requests than the bound.</exception>
    public static void CheckRequestsPerRate(string options, double rate, double seconds)
    {
        var requests = Math.Floor(rate * seconds);
        if (requests > CaseSettings.MaximumRequestsPerRate)
        {
            throw new CommandLineException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"options {options}: {rate:0.###} req/s for {seconds:0.###} s sends {requests:0} requests; at most {CaseSettings.MaximumRequestsPerRate} per rate (every request is kept in memory)"));
        }
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
