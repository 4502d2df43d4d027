namespace Regression.Cli.Commands.Detection;

/// <summary>
/// One real-time run of the detection benchmark: one line of the results file. Self-describing (the
/// settings overrides and the machine's processor count are in it), so lines from several sessions
/// and machines can be told apart and tables can be recomputed from the file alone.
/// </summary>
internal sealed record DetectionRunRecord
{
    /// <summary>The case's name.</summary>
    public required string Case { get; init; }

    /// <summary>The variant's key (<c>decode-1.05</c>).</summary>
    public required string Variant { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Seconds from the start of <c>dotnet test</c> to its end.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The test process's exit code.</summary>
    public required int ExitCode { get; init; }

    /// <summary>The overall verdict from <c>verdict.json</c>; null for an error run.</summary>
    public string? Verdict { get; init; }

    /// <summary>Whether the baseline was recorded on the run's own schedule; null when unknown.</summary>
    public bool? Paired { get; init; }

    /// <summary>Why the run has no verdict, with the last lines of its output; null when it has one.</summary>
    public string? Error { get; init; }

    /// <summary>The processor count of the machine that ran it.</summary>
    public required int ProcessorCount { get; init; }

    /// <summary>The <c>REGRESSION__*</c> overrides the variant set (the output folder left out).</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Per core metric: verdict, worsening, minimum detectable change and R².</summary>
    public IReadOnlyList<SuiteMetricVerdict> Metrics { get; init; } = [];
}
