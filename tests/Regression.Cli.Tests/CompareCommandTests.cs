using Microsoft.Extensions.Time.Testing;
using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

public sealed class CompareCommandTests : IDisposable
{
    private static readonly string InferencePerfBefore = RepositoryFiles.Path("examples", "inference-perf", "before");
    private static readonly string InferencePerfAfter = RepositoryFiles.Path("examples", "inference-perf", "after");
    private static readonly string LegacyBefore = RepositoryFiles.Path("examples", "lpg-legacy", "before");
    private static readonly string LegacyAfter = RepositoryFiles.Path("examples", "lpg-legacy", "after");
    private static readonly string Settings = RepositoryFiles.Path("testsettings.json");

    private readonly TemporaryFolder reports = new();
    private readonly CompareCommand command = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero)));

    [Fact]
    public async Task Compare_SlowerAfter_ExitsOneAndNamesTheMetric()
    {
        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Regressed, run.ExitCode);
        Assert.StartsWith("REGRESSED: P90 latency (+10.0 % worse on average over 7 rates)", run.Output, StringComparison.Ordinal);
        Assert.Contains("4 other metrics unchanged.", run.Output, StringComparison.Ordinal);
        Assert.Contains("+10.0 % !", run.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(reports.Combine("report.md"));
        Assert.Contains("**REGRESSED:** P90 latency", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SingleLegacyFile_JudgesThePerRateDelta()
    {
        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", LegacyAfter, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Regressed, run.ExitCode);
        Assert.StartsWith("REGRESSED: P90 latency (+10.0 % at 200 req/s)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_FasterAfter_IsAnImprovementAndExitsZero()
    {
        var run = await CliRun.RunAsync(command, "--before", InferencePerfAfter, "--after", InferencePerfBefore, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("IMPROVED", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SeveralBeforeFolders_UsesThemAsRepeatedRuns()
    {
        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--before", InferencePerfBefore, "--after", InferencePerfBefore, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("2 baseline runs", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_ExistingReport_IsNotOverwritten()
    {
        var existing = reports.WriteFile("report.md", "mine");

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("already exists", run.Error, StringComparison.Ordinal);
        Assert.Equal("mine", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task Compare_NoRateInCommon_IsBadInput()
    {
        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", LegacyBefore, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("share no request rate", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--after", "x" }, "option --before is required")]
    [InlineData(new[] { "--before", "x" }, "option --after is required")]
    [InlineData(new[] { "--before", "x", "--after" }, "option --after needs a value")]
    [InlineData(new[] { "--before", "x", "--after", "y", "--colour" }, "unknown option --colour")]
    [InlineData(new[] { "--before", "x", "--after", "y", "--after", "z" }, "option --after is given more than once")]
    public async Task Compare_BadArguments_ExitTwoWithOneLine(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(command, args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith("regression compare: " + expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Compare_MissingFolder_NamesIt()
    {
        var missing = reports.Combine("nowhere");

        var run = await CliRun.RunAsync(command, "--before", missing, "--after", InferencePerfAfter, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(missing, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Compare_MalformedResultFile_NamesFileAndField()
    {
        var broken = reports.Combine("broken");
        Directory.CreateDirectory(broken);
        var text = await File.ReadAllTextAsync(Path.Combine(LegacyBefore, "sample.json"));
        reports.WriteFile("broken/sample.json", text.Replace("\"p90_latency\": 28706.796979904175", "\"p90_latency\": \"slow\"", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", broken, "--report-dir", reports.Combine("out"), "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("sample.json", run.Error, StringComparison.Ordinal);
        Assert.Contains("metrics.p90_latency", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_InvalidSettingsFile_NamesTheKey()
    {
        var settings = reports.WriteFile("bad.json", """{ "Analysis": { "P90Latency": { "RelativeTolerance": -1 } } }""");

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", LegacyAfter, "--settings", settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Analysis:P90Latency:RelativeTolerance = -1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_WithoutReportFolder_WritesUnderTheOutputFolderWithATimestamp()
    {
        var settings = reports.WriteFile("testsettings.json", """{ "Output": { "Folder": "out" } }""");

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", LegacyAfter, "--settings", settings);

        Assert.Equal(ExitCodes.Regressed, run.ExitCode);
        Assert.True(File.Exists(reports.Combine("out", "compare-20261128-120000", "report.md")), run.Output);
    }

    public void Dispose() => reports.Dispose();
}
