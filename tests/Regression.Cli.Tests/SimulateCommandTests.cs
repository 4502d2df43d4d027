using System.Net;
using System.Text.RegularExpressions;
using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

public sealed partial class SimulateCommandTests
{
    private static readonly string Settings = RepositoryFiles.Path("testsettings.json");

    // Generous: it bounds a hang, it is not a timing assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Simulate_MultiLora_PrintsAddressesThatAnswerThenStopsOnCancel()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource(Guard);
        using var client = new HttpClient { Timeout = Guard };
        var answers = new List<HttpStatusCode>();
        var metricsText = string.Empty;
        var command = new SimulateCommand(async cancellationToken =>
        {
            var printed = output.ToString();
            var urls = Url().Matches(printed).Select(m => new Uri(m.Value)).ToArray();
            foreach (var health in urls.Where(u => !u.AbsolutePath.EndsWith("/metrics", StringComparison.Ordinal) && !u.AbsolutePath.Contains("/v1/", StringComparison.Ordinal)))
            {
                using var response = await client.GetAsync(new Uri(health, "health"), cancellationToken);
                answers.Add(response.StatusCode);
            }

            metricsText = await client.GetStringAsync(urls.First(u => u.AbsolutePath.EndsWith("/metrics", StringComparison.Ordinal)), cancellationToken);
            await stop.CancelAsync();
        });

        var exitCode = await new CliApplication([command]).RunAsync(
            ["simulate", "--case", "MultiLora", "--replicas", "2", "--policy", "RoundRobin", "--settings", Settings], new CliConsole(output, error), stop.Token);

        var text = output.ToString();
        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("policy RoundRobin", text, StringComparison.Ordinal);
        Assert.Contains("curl -s http://127.0.0.1:", text, StringComparison.Ordinal);
        Assert.Equal(3, answers.Count);
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Contains("vllm:num_requests_waiting", metricsText, StringComparison.Ordinal);
        Assert.Contains("Stopping", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_UnknownCase_IsBadInput()
    {
        var run = await CliRun.RunAsync(new SimulateCommand(), "--case", "Triple", "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--case = 'Triple'", run.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/(metrics|v1/completions)?")]
    private static partial Regex Url();
}
