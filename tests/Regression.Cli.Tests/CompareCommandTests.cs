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
    private static readonly string LpgCurrent = RepositoryFiles.Path("tests", "Regression.Core.Tests", "Data", "lpg", "output", "hand-run", "regression-before", "results", "json");
    private static readonly string Settings = RepositoryFiles.Path("testsettings.json");

    private const string MixedTimePerOutputToken = "P90 time per output token (mixed: inference-perf TPOT vs LPG latency ÷ output tokens)";

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
    public async Task Compare_ExistingReport_IsRefusedBeforeAnyVerdictAndKept()
    {
        var existing = reports.WriteFile("report.md", "mine");

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{existing} already exists", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal("mine", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task Compare_NoRateInCommon_IsBadInputAndWritesNoReport()
    {
        var other = CopyFolder(LegacyBefore, "rate-300", ("\"request_rate\": 200.0", "\"request_rate\": 300.0"));
        var output = reports.Combine("out");

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", other, "--report-dir", output, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("share no request rate (before: 200 req/s; after: 300 req/s)", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
        Assert.False(Directory.Exists(output), "an exit-2 run must leave no report folder");
    }

    [Fact]
    public async Task Compare_ReportFolderCannotBeCreated_ExitsTwoNamingPathAndCauseBeforeAnyVerdict()
    {
        // A path below a file cannot become a folder, whoever runs the test (root included).
        reports.WriteFile("blocker", "a file, not a folder");
        var unwritable = reports.Combine("blocker", "reports");

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--report-dir", unwritable, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"regression compare: cannot write the report to {unwritable}: ", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("\"p90_latency\": 28706.796979904175", "\"p90_latency\": -28706.796979904175", "metrics.p90_latency: must not be negative, got -28706.796979904175")]
    [InlineData("\"num_prompts_succeeded\": 59999", "\"num_prompts_succeeded\": 60001", "metrics.num_prompts_succeeded: is 60001, more than metrics.num_prompts_attempted (59999)")]
    [InlineData("\"num_prompts_attempted\": 59999", "\"num_prompts_attempted\": -5", "metrics.num_prompts_attempted: expected a count (0 or more), got -5")]
    [InlineData("\"benchmark_time\": 377.69680404663086", "\"benchmark_time\": NaN", "metrics.benchmark_time: expected a finite number, got NaN")]
    [InlineData("\"p90_latency\": 28706.796979904175", "\"p90_latency\": Infinity", "metrics.p90_latency: expected a finite number, got Infinity")]
    public async Task Compare_ImpossibleLegacyValue_IsBadInputNamingFileFieldAndValue(string find, string replacement, string expected)
    {
        var broken = CopyFolder(LegacyBefore, "broken", (find, replacement));

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", broken, "--report-dir", reports.Combine("out"), "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{Path.Combine(broken, "sample.json")}: {expected}", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("\"p90\": 1.3570544504211286", "\"p90\": -1.3570544504211286", "successes.latency.request_latency.p90: must not be negative, got -1.3570544504211286")]
    [InlineData("\"count\": 5531,\n        \"latency\"", "\"count\": 5600,\n        \"latency\"", "successes.count: is 5600, more than load_summary.count (5531)")]
    public async Task Compare_ImpossibleInferencePerfValue_IsBadInputNamingFileFieldAndValue(string find, string replacement, string expected)
    {
        var broken = CopyFolder(InferencePerfAfter, "broken", (find, replacement), "stage_3_lifecycle_metrics.json");

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", broken, "--report-dir", reports.Combine("out"), "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"{Path.Combine(broken, "stage_3_lifecycle_metrics.json")}: {expected}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_ImpossibleCurrentSchemaValue_IsBadInputNamingFileFieldAndValue()
    {
        var broken = CopyFolder(
            LpgCurrent,
            "broken",
            ("\"p90_normalized_time_per_output_token_ms\": 28.0", "\"p90_normalized_time_per_output_token_ms\": -28.0"),
            "benchmark-vllm-2.0qps-20250515-181500-weighted.json");

        var run = await CliRun.RunAsync(command, "--before", LpgCurrent, "--after", broken, "--report-dir", reports.Combine("out"), "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("-weighted.json: metrics.p90_normalized_time_per_output_token_ms: must not be negative, got -28.0", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_InferencePerfAgainstLpg_IsRefusedNamingWhichFolderIsWhichFormat()
    {
        var lpg = LegacyAtInferencePerfRate();

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", lpg, "--report-dir", reports.Combine("out"), "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"before {InferencePerfBefore} is inference-perf; after {lpg} is legacy LPG", run.Error, StringComparison.Ordinal);
        Assert.Contains("time_per_output_token", run.Error, StringComparison.Ordinal);
        Assert.Contains("--allow-mixed-formats", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.Equal(string.Empty, run.Output);
        Assert.False(Directory.Exists(reports.Combine("out")));
    }

    [Fact]
    public async Task Compare_InferencePerfAgainstLpgAllowed_WarnsInConsoleAndReport()
    {
        var lpg = LegacyAtInferencePerfRate();

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", lpg, "--report-dir", reports.Path, "--settings", Settings, "--allow-mixed-formats");

        Assert.NotEqual(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("WARNING: Mixed formats: inference-perf results are compared with LPG results", run.Output.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains(MixedTimePerOutputToken, run.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(reports.Combine("report.md"));
        Assert.Contains("**Warning:** Mixed formats: inference-perf results are compared with LPG results", report, StringComparison.Ordinal);
        Assert.Contains($"## {MixedTimePerOutputToken} (ms/token)", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_InferencePerf_NamesTheTimePerOutputTokenForWhatItHolds()
    {
        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Contains("P90 time per output token (inference-perf TPOT)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("normalized", run.Output, StringComparison.OrdinalIgnoreCase);
        var report = await File.ReadAllTextAsync(reports.Combine("report.md"));
        Assert.Contains("## P90 time per output token (inference-perf TPOT) (ms/token)", report, StringComparison.Ordinal);
        Assert.DoesNotContain("normalized", report, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"p90\": NaN", "NaN")]
    [InlineData("\"p90\": null", "null")]
    [InlineData("\"p90_renamed\": 1.3570544504211286", "missing")]
    public async Task Compare_CoreMetricWithoutValueAtOneRate_DropsThatRateForThatMetricAndSaysSo(string replacement, string why)
    {
        var gap = CopyFolder(InferencePerfAfter, "gap", ("\"p90\": 1.3570544504211286", replacement), "stage_3_lifecycle_metrics.json");

        var run = await CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", gap, "--report-dir", reports.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Regressed, run.ExitCode);
        var expected = $"P90 latency: rate 92.19 dropped (current: {why})";
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.StartsWith("REGRESSED: P90 latency (+10.0 % worse on average over 6 rates)", run.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(reports.Combine("report.md"));
        Assert.Contains("- " + expected, report, StringComparison.Ordinal);
        Assert.Contains("R² = ", report, StringComparison.Ordinal);
        Assert.Contains("over 6 rates", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_CoreMetricWithoutValueAtTheOnlyRate_IsBadInputNamingTheDroppedValue()
    {
        var gap = CopyFolder(LegacyBefore, "gap", ("\"p90_latency\": 28706.796979904175", "\"p90_latency\": NaN"));
        var output = reports.Combine("out");

        var run = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", gap, "--report-dir", output, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("P90 latency has no request rate with a value on both sides (rate 200 dropped (current: NaN))", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Compare_TwoRunsInTheSameSecond_WriteToDifferentDefaultFolders()
    {
        var settings = reports.WriteFile("testsettings.json", """{ "Output": { "Folder": "out" } }""");

        var first = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", LegacyAfter, "--settings", settings);
        var second = await CliRun.RunAsync(command, "--before", LegacyBefore, "--after", LegacyAfter, "--settings", settings);

        Assert.Equal(ExitCodes.Regressed, first.ExitCode);
        Assert.Equal(ExitCodes.Regressed, second.ExitCode);
        Assert.Contains(reports.Combine("out", "compare-20261128-120000", "report.md"), first.Output, StringComparison.Ordinal);
        Assert.Contains(reports.Combine("out", "compare-20261128-120000-2", "report.md"), second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_ParallelRunsInTheSameSecond_EachWriteTheirOwnReport()
    {
        const int Runs = 8;
        var settings = reports.WriteFile("testsettings.json", """{ "Output": { "Folder": "out" } }""");

        var runs = await Task.WhenAll(Enumerable.Range(0, Runs).Select(_ => Task.Run(() =>
            CliRun.RunAsync(command, "--before", InferencePerfBefore, "--after", InferencePerfAfter, "--settings", settings))));

        Assert.All(runs, run => Assert.Equal(ExitCodes.Regressed, run.ExitCode));
        var written = Directory.GetFiles(reports.Combine("out"), "report.md", SearchOption.AllDirectories);
        Assert.Equal(Runs, written.Length);
        Assert.All(written, file => Assert.StartsWith("# ", File.ReadAllText(file), StringComparison.Ordinal));
        Assert.Equal(Runs, runs.Select(r => r.Output.Split("Report: ")[1].Trim()).Distinct(StringComparer.Ordinal).Count());
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

    // A copy of a result folder with one text replacement in one of its files (the only one by default).
    private string CopyFolder(string source, string name, (string Find, string Replacement) change, string? file = null)
    {
        var target = reports.Combine(name);
        foreach (var path in Directory.GetFiles(source))
        {
            var text = File.ReadAllText(path);
            if (file is null || Path.GetFileName(path) == file)
            {
                Assert.Contains(change.Find, text, StringComparison.Ordinal);
                text = text.Replace(change.Find, change.Replacement, StringComparison.Ordinal);
            }

            reports.WriteFile(Path.Combine(name, Path.GetFileName(path)), text);
        }

        return target;
    }

    // The published legacy LPG sample moved to a rate the inference-perf examples have (stage 3).
    private string LegacyAtInferencePerfRate() => CopyFolder(LegacyAfter, "lpg", ("\"request_rate\": 200.0", "\"request_rate\": 92.19"));
}
