using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

/// <summary>The benchmark is judged by the figures it prints, not here: this only checks it runs end to end and prints them.</summary>
public sealed class BenchClusterCommandTests
{
    [Fact]
    public async Task BenchCluster_TinyBillsumRun_PrintsTheFiguresAndTheSummaryRow()
    {
        var run = await CliRun.RunAsync(
            new BenchClusterCommand(),
            "--point", "billsum", "--replicas", "2", "--rate", "20", "--seconds", "1", "--warmup", "0.5", "--settings", RepositoryFiles.Path("testsettings.json"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var line in new[] { "requests:", "throughput:", "gateway hop:", "send lag:", "driver lag:", "process:", "host kept up:", "| billsum @ 20 |" })
        {
            Assert.Contains(line, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BenchCluster_UnknownPoint_IsBadInput()
    {
        var run = await CliRun.RunAsync(new BenchClusterCommand(), "--point", "everything");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--point = 'everything'", run.Error, StringComparison.Ordinal);
    }
}
