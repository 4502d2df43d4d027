using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

/// <summary>The benchmark is judged by the figures it prints, not here: this only checks it runs end to end and prints them.</summary>
public sealed class BenchGeneratorCommandTests
{
    [Fact]
    public async Task BenchGenerator_EmbeddedCluster_PrintsARowPerRunAndTheInProcessGoal()
    {
        var run = await CliRun.RunAsync(
            new BenchGeneratorCommand(),
            "--embedded-cluster", "--rates", "20", "--seconds", "1", "--trials", "1", "--settings", RepositoryFiles.Path("testsettings.json"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("embedded SingleWorkload cluster in process, 10 replicas", run.Error, StringComparison.Ordinal);
        Assert.Contains("GCs while sending", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+20\s+\d+\.\d\s+\d+\.\d\s+\d\.\d{4}", run.Output);
        Assert.Contains("goal: 350 req/s with send-lag p99 under 2 ms", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchGenerator_TwoEndpoints_IsBadInput()
    {
        var run = await CliRun.RunAsync(new BenchGeneratorCommand(), "--in-process", "--embedded-cluster");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--in-process and --embedded-cluster", run.Error, StringComparison.Ordinal);
    }
}
