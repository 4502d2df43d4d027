using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Regression.Cli.Commands.Detection;

namespace Regression.Cli.Tests.Detection;

/// <summary>
/// Stands in for <c>dotnet build</c> and <c>dotnet test</c>: every test run takes <see cref="RunTime"/>
/// on the fake clock and writes the verdict <see cref="Verdict"/> picks from its environment into the
/// output folder the run was given, as the suite writes <c>verdict.json</c>; no verdict means a crash.
/// </summary>
internal sealed class FakeSuiteRunner(FakeTimeProvider time) : IProcessRunner
{
    public static readonly TimeSpan RunTime = TimeSpan.FromSeconds(142);

    private const string OutputVariable = "REGRESSION__Output__Folder";

    private static readonly string[] Metrics = ["PromptsAttempted", "PromptsSucceeded", "OutputTokensPerMinute", "P90NormalizedTimePerOutputToken", "P90Latency"];

    public List<ProcessRequest> Requests { get; } = [];

    public int BuildExitCode { get; init; }

    /// <summary>The verdict.json text of a test run from its environment; null writes none.</summary>
    public Func<IReadOnlyDictionary<string, string>, string?> Verdict { get; init; } = _ => VerdictJson("Unchanged");

    public Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (request.Arguments[0] == "build")
        {
            return Task.FromResult(new ProcessOutcome(BuildExitCode, ["Build FAILED.", "error CS1002: ; expected"]));
        }

        time.Advance(RunTime);
        var caseName = request.Arguments.Single(a => a.StartsWith("Category=", StringComparison.Ordinal))["Category=".Length..];
        if (Verdict(request.Environment) is not { } json)
        {
            return Task.FromResult(new ProcessOutcome(1, ["Unhandled exception: the test host crashed", "Test Run Aborted."]));
        }

        var folder = Path.Combine(request.Environment[OutputVariable], "20250515-000000-a1b2c3", caseName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "verdict.json"), json);
        return Task.FromResult(new ProcessOutcome(json.Contains("\"Unchanged\",", StringComparison.Ordinal) ? 0 : 1, ["Passed!"]));
    }

    /// <summary>A verdict.json of schema 1 with the overall <paramref name="verdict"/> and every metric at <paramref name="rSquared"/>.</summary>
    public static string VerdictJson(string verdict, double rSquared = 0.999, int schemaVersion = 1) => JsonSerializer.Serialize(new
    {
        schemaVersion,
        @case = "SingleWorkload",
        verdict,
        paired = true,
        metrics = Metrics.Select(metric => new
        {
            metric,
            verdict = metric == "P90Latency" ? verdict : "Unchanged",
            worsening = metric == "P90Latency" ? 0.051 : 0.001,
            noiseBand = 0.01,
            tolerance = 0.03,
            minimumDetectableChange = 0.041,
            rSquared = metric == "P90Latency" ? rSquared : 0.999,
            baselineRuns = 10,
            rates = Enumerable.Repeat(new { rate = 300, baselineMean = 1.2, current = 1.26, worsening = 0.05, verdict = "Worse" }, 1),
        }),
    });
}
