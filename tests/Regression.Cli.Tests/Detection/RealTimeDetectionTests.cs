using Microsoft.Extensions.Time.Testing;
using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests.Detection;

public sealed class RealTimeDetectionTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 5, 15, 0, 0, 0, TimeSpan.Zero));
    private readonly string settings;

    public RealTimeDetectionTests()
    {
        settings = folder.WriteFile("testsettings.json", "{}");
        Directory.CreateDirectory(folder.Combine("tests", "Regression.Tests"));
    }

    private string ResultsFile => folder.Combine("TestResults", "detection", "SingleWorkload.jsonl");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task RealTime_DecodeFivePercent_RunsTheSuiteWithTheVariantsOverrides()
    {
        var runner = new FakeSuiteRunner(time);

        var run = await RunAsync(runner, "--variants", "decode-1.05");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(["build", folder.Combine("tests", "Regression.Tests"), "-m:1"], runner.Requests[0].Arguments);
        var test = runner.Requests[1];
        Assert.Equal(["test", folder.Combine("tests", "Regression.Tests"), "-m:1", "--no-build", "--filter", "Category=SingleWorkload"], test.Arguments);
        Assert.Equal(folder.Path, test.WorkingDirectory);
        Assert.Equal("7.539", test.Environment["REGRESSION__Simulator__StepBaseMilliseconds"]);
        Assert.Equal("10.5", test.Environment["REGRESSION__Simulator__StepPerSequenceMicroseconds"]);
        Assert.Equal("0.0798", test.Environment["REGRESSION__Simulator__StepPerContextTokenMicroseconds"]);
        Assert.Equal("false", test.Environment["REGRESSION__Baselines__Accept"]);
        Assert.Equal(settings, test.Environment["REGRESSION_SETTINGS"]);
        Assert.StartsWith(Path.GetTempPath(), test.Environment["REGRESSION__Output__Folder"], StringComparison.Ordinal);
        Assert.Contains("run 1/1 decode ×1.05: UNCHANGED in 142 s", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MultiLora", "round-robin", "REGRESSION__Gateway__Policy", "RoundRobin")]
    [InlineData("MultiLora", "max-loras-2", "REGRESSION__Cases__MultiLora__MaxLoras", "2")]
    [InlineData("MultiLora", "adapter-loads-10", "REGRESSION__Simulator__AdapterLoadMilliseconds", "15")]
    [InlineData("SingleWorkload", "decode-1.10", "REGRESSION__Simulator__StepPerSequenceMicroseconds", "11")]
    public async Task RealTime_Variant_SetsItsSetting(string caseName, string variant, string variable, string value)
    {
        var runner = new FakeSuiteRunner(time);

        await RunCaseAsync(runner, caseName, "--variants", variant);

        Assert.Equal(value, runner.Requests[1].Environment[variable]);
    }

    [Fact]
    public async Task RealTime_EachTestRun_GetsAFreshOutputFolder()
    {
        var runner = new FakeSuiteRunner(time);

        await RunAsync(runner, "--runs", "2", "--variants", "unchanged");

        Assert.Equal(2, runner.Requests.Skip(1).Select(r => r.Environment["REGRESSION__Output__Folder"]).Distinct().Count());
        Assert.Single(runner.Requests, r => r.Arguments[0] == "build");
    }

    [Fact]
    public async Task RealTime_TwoInvocations_AccumulateInTheResultsFile()
    {
        var runner = new FakeSuiteRunner(time) { Verdict = env => FakeSuiteRunner.VerdictJson(env.ContainsKey("REGRESSION__Simulator__StepBaseMilliseconds") ? "Regressed" : "Unchanged") };

        await RunAsync(runner, "--runs", "2", "--variants", "unchanged,decode-1.05");
        var second = await RunAsync(runner, "--runs", "1", "--variants", "decode-1.05");

        Assert.Equal(5, File.ReadAllLines(ResultsFile).Length);
        Assert.Contains("| unchanged | 2 | 0 | 0/2 | 0 % [0 %, 65.8 %] | ≤ 1 % | not yet | 142 s |", second.Output, StringComparison.Ordinal);
        Assert.Contains("| decode ×1.05 | 3 | 0 | 3/3 | 100 % [43.9 %, 100 %] | ≥ 95 % | not yet | 142 s |", second.Output, StringComparison.Ordinal);
        Assert.Contains("| decode ×1.10 | 0 | 0 | 0/0 | – | ≥ 99 % | – | – |", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_RunWithoutVerdict_IsRecordedAsAnErrorWithTheEndOfItsOutput()
    {
        var runner = new FakeSuiteRunner(time) { Verdict = _ => null };

        var run = await RunAsync(runner, "--variants", "unchanged");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("run 1/1 unchanged: NO VERDICT (exit code 1) in 142 s", run.Error, StringComparison.Ordinal);
        Assert.Contains("Test Run Aborted.", File.ReadAllText(ResultsFile), StringComparison.Ordinal);
        Assert.Contains("| unchanged | 1 | 1 | 0/0 | – | ≤ 1 % | – | 142 s |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_Inconclusive_CountsAsFlagged()
    {
        var runner = new FakeSuiteRunner(time) { Verdict = _ => FakeSuiteRunner.VerdictJson("Inconclusive") };

        var run = await RunAsync(runner, "--variants", "unchanged");

        Assert.Contains("| unchanged | 1 | 0 | 1/1 |", run.Output, StringComparison.Ordinal);
        Assert.Contains("| 0/1 (0.1 %, MDC 4.1 %) | 1/1 (5.1 %, MDC 4.1 %) |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_RSquaredOnlyTable_FlagsRunsBelowEachMinimum()
    {
        var runner = new FakeSuiteRunner(time) { Verdict = _ => FakeSuiteRunner.VerdictJson("Unchanged", rSquared: 0.93) };

        var run = await RunAsync(runner, "--variants", "unchanged");

        Assert.Contains("| unchanged | 1 | 0/1 0 % [0 %, 79.3 %] | 1/1 100 % [20.7 %, 100 %] | 1/1 100 % [20.7 %, 100 %] |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_NoRuns_PrintsTheTablesFromTheFileWithoutRunningAnything()
    {
        await RunAsync(new FakeSuiteRunner(time), "--variants", "unchanged");
        var runner = new FakeSuiteRunner(time);

        var run = await RunAsync(runner, "--runs", "0");

        Assert.Empty(runner.Requests);
        Assert.Contains("| unchanged | 1 | 0 | 0/1 |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_BuildFails_ExitsWithBadInputAndTheBuildsOutput()
    {
        var run = await RunAsync(new FakeSuiteRunner(time) { BuildExitCode = 1 });

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("failed with exit code 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("error CS1002", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealTime_MalformedResultsLine_IsRefusedNamingTheLine()
    {
        folder.WriteFile(Path.Combine("TestResults", "detection", "SingleWorkload.jsonl"), "\n{not json\n");
        var runner = new FakeSuiteRunner(time);

        var run = await RunAsync(runner);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("SingleWorkload.jsonl, line 2: not a detection run", run.Error, StringComparison.Ordinal);
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public async Task RealTime_VerdictOfAnotherSchema_IsAnErrorRun()
    {
        var runner = new FakeSuiteRunner(time) { Verdict = _ => FakeSuiteRunner.VerdictJson("Unchanged", schemaVersion: 2) };

        var run = await RunAsync(runner, "--variants", "unchanged");

        Assert.Contains("schemaVersion = 2; this build reads schemaVersion 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("| unchanged | 1 | 1 | 0/0 |", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--variants", "decode-2" }, "option --variants: 'decode-2' is not a variant of SingleWorkload (known: unchanged, decode-1.05, decode-1.10, round-robin)")]
    [InlineData(new[] { "--variants", "max-loras-2" }, "option --variants: 'max-loras-2' is not a variant of SingleWorkload")]
    [InlineData(new[] { "--variants", "," }, "option --variants = ',': no variant given")]
    [InlineData(new[] { "--runs", "-1" }, "option --runs = '-1': expected a whole number of at least 0 and at most 1000")]
    [InlineData(new[] { "--virtual-runs", "1001" }, "option --virtual-runs = '1001'")]
    [InlineData(new[] { "--seconds", "5" }, "option --seconds = '5' applies only without --real-time")]
    [InlineData(new[] { "--project", "no/such/project" }, "option --project = 'no/such/project': no such folder or project file")]
    public async Task RealTime_BadOption_IsRefusedNamingOptionAndValue(string[] args, string message)
    {
        var runner = new FakeSuiteRunner(time);

        var run = await RunAsync(runner, args);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(runner.Requests);
    }

    [Fact]
    public async Task RealTime_VirtualRuns_PrintsTheVirtualFiguresBeside()
    {
        var small = folder.WriteFile("small.json", """
            { "Cases": { "SingleWorkload": { "RequestRates": [ 20, 40 ], "SecondsPerRate": 2, "Replicas": 2 } },
              "LoadGenerator": { "SyntheticDatasetSize": 10 } }
            """);

        var run = await CliRun.RunAsync(
            new DetectionCommand(new FakeSuiteRunner(time), time),
            "--case", "SingleWorkload", "--real-time", "--runs", "0", "--virtual-runs", "2", "--variants", "unchanged,decode-1.10", "--settings", small);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("### The same rule in virtual time: SingleWorkload, 2 runs per variant", run.Output, StringComparison.Ordinal);
        Assert.Contains("| unchanged | 2 | 0/2 | 0 % [0 %, 65.8 %] | ≤ 1 % | not yet | 0/2 | 0/2 | 0/2 |", run.Output, StringComparison.Ordinal);
        Assert.Contains("| decode ×1.10 | 2 |", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("round-robin | 2 |", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Virtual_RealTimeOption_IsRefusedWithoutRealTime()
    {
        var run = await CliRun.RunAsync(new DetectionCommand(new FakeSuiteRunner(time), time), "--case", "SingleWorkload", "--results", "x.jsonl", "--settings", settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("option --results = 'x.jsonl' applies only with --real-time", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(FakeSuiteRunner runner, params string[] args) => RunCaseAsync(runner, "SingleWorkload", args);

    private Task<CliRun> RunCaseAsync(FakeSuiteRunner runner, string caseName, params string[] args) =>
        CliRun.RunAsync(new DetectionCommand(runner, time), ["--case", caseName, "--real-time", "--settings", settings, .. args.Contains("--virtual-runs") ? args : [.. args, "--virtual-runs", "0"]]);
}
