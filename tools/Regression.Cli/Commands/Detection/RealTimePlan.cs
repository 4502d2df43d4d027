using Regression.Core.Settings;
using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands.Detection;

/// <summary>What one invocation of the real-time benchmark runs and where it records the runs.</summary>
internal sealed record RealTimePlan
{
    /// <summary>The case every run runs.</summary>
    public required RegressionCase Case { get; init; }

    /// <summary>The variants, each run <see cref="Runs"/> times, interleaved (run 1 of each, then run 2...).</summary>
    public required IReadOnlyList<SweepChange> Variants { get; init; }

    /// <summary>Runs of each variant in this invocation; 0 prints the tables from the results file only.</summary>
    public required int Runs { get; init; }

    /// <summary>The JSON Lines file the runs are appended to and the tables are computed from.</summary>
    public required string ResultsFile { get; init; }

    /// <summary>The test project (folder or project file) <c>dotnet test</c> runs.</summary>
    public required string Project { get; init; }

    /// <summary>The folder commands run in: the settings file's.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The settings file the suite is pointed at; null leaves the suite to find its own.</summary>
    public string? SettingsFile { get; init; }
}
