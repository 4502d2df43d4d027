using System.Globalization;
using Microsoft.AspNetCore.Http;
using Regression.Cli.Commands;
using Regression.Core.Results;
using Regression.Core.Results.Lpg;
using Regression.Tests.Shared;
using Regression.Tests.Shared.Http;

namespace Regression.Cli.Tests;

public sealed class KubernetesPodCommandTests
{
    private static readonly string Settings = RepositoryFiles.Path("testsettings.json");

    // An instant vLLM-like answer: four output tokens, counted by the server.
    private const string Completion = """{"id":"cmpl-1","object":"text_completion","model":"m","choices":[{"index":0,"text":" a b c d","finish_reason":"length"}],"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}""";

    [Fact]
    public async Task KubernetesPod_SmallSweep_PrintsLpgLinesThenTheResultBlockThenFinished()
    {
        await using var endpoint = await StartEndpointAsync();
        using var folder = new TemporaryFolder();
        var variables = Variables(endpoint.BaseAddress.Port);
        var held = false;
        var command = new KubernetesPodCommand(name => variables.GetValueOrDefault(name), _ =>
        {
            held = true;
            return Task.CompletedTask;
        });

        var run = await CliRun.RunAsync(command, "--output", folder.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(held);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["Benchmarking request rate: 2", "Benchmarking request rate: 4.0"], lines.Where(l => l.StartsWith(KubernetesPodCommand.RatePrefix, StringComparison.Ordinal)));
        Assert.Equal(["TOTAL prompts: 2", "TOTAL prompts: 4"], lines.Where(l => l.StartsWith(KubernetesPodCommand.PromptsPrefix, StringComparison.Ordinal)));
        var begin = Array.IndexOf(lines, KubernetesPodCommand.BeginMarker);
        var fileLines = lines.Skip(begin + 1).TakeWhile(l => l.StartsWith(KubernetesPodCommand.FilePrefix, StringComparison.Ordinal)).ToList();
        Assert.True(begin > 0);
        Assert.Equal($"{KubernetesPodCommand.EndMarker} {fileLines.Count}", lines[begin + 1 + fileLines.Count]);
        Assert.Equal(KubernetesPodCommand.FinishedMarker, lines[^1]);

        // Each line carries one written file, byte for byte, under its LPG name.
        var written = Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var printed = fileLines.Select(l => l[KubernetesPodCommand.FilePrefix.Length..].Split(' ')).ToList();
        Assert.Equal(written, printed.Select(p => p[0]).Order(StringComparer.Ordinal));
        Assert.All(printed, p => Assert.True(LpgFileName.TryParse(p[0], out _), p[0]));
        Assert.All(printed, p => Assert.Equal(File.ReadAllBytes(Path.Combine(folder.Path, p[0])), Convert.FromBase64String(p[1])));
        Assert.All(printed, p => Assert.StartsWith("benchmark-vllm-", p[0], StringComparison.Ordinal));

        // What the environment would collect reads as the sweep that was asked for.
        var sweep = ResultFolderReader.Read(folder.Path);
        Assert.Equal([2.0, 4.0], sweep.Rates.Select(r => r.RequestRate));
        Assert.Equal([2, 4], sweep.Rates.Select(r => r.Overall.PromptsAttempted));
    }

    [Theory]
    [InlineData("PORT", "eighty", "PORT = 'eighty': expected a TCP port")]
    [InlineData("PORT", "70000", "PORT = '70000'")]
    [InlineData("REQUEST_RATES", "2,x", "REQUEST_RATES = 'x': expected a number")]
    [InlineData("REQUEST_RATES", "0,2", "REQUEST_RATES = '0,2': rates must be positive")]
    [InlineData("BENCHMARK_TIME_SECONDS", "-1", "BENCHMARK_TIME_SECONDS = '-1': must be positive")]
    [InlineData("TRAFFIC_SPLIT", "0.5,0.2", "TRAFFIC_SPLIT = [0.5, 0.2]: sums to 0.7")]
    [InlineData("TRAFFIC_SPLIT", "1", "TRAFFIC_SPLIT = [1]: has 1 weights for 2 models")]
    [InlineData("INPUT_LENGTH", "1k", "INPUT_LENGTH = '1k': expected a whole number")]
    [InlineData("BACKEND", "tgi", "BACKEND = 'tgi': only 'vllm' is supported")]
    [InlineData("PROMPT_DATASET_FILE", "sharegpt.json", "PROMPT_DATASET_FILE = 'sharegpt.json': no such file")]
    [InlineData("IP", "", "IP is not set")]
    [InlineData("MODELS", "a,,b", "MODELS = 'a,,b': has an empty item")]
    [InlineData("BENCHMARK_TIME_SECONDS", "1e9", "BENCHMARK_TIME_SECONDS = '1e9': at most 3600 seconds per rate")]
    [InlineData("BENCHMARK_TIME_SECONDS", "0", "BENCHMARK_TIME_SECONDS = '0': must be positive")]
    [InlineData("REQUEST_RATES", "2,2000000", "REQUEST_RATES = '2000000' with BENCHMARK_TIME_SECONDS = '1': int(2000000 × 1) = 2000000 requests for one rate, more than 1050000")]
    [InlineData("REQUEST_RATES", "2,1e400", "REQUEST_RATES = '1e400': expected a number")]
    [InlineData("INPUT_LENGTH", "1000000", "INPUT_LENGTH = '1000000': must be 4 to 131072")]
    [InlineData("OUTPUT_LENGTH", "2147483647", "OUTPUT_LENGTH = '2147483647': must be 4 to 131072")]
    [InlineData("OUTPUT_LENGTH", "2", "OUTPUT_LENGTH = '2': must be 4 to 131072")]
    [InlineData("FILE_PREFIX", "../escape", "FILE_PREFIX = '../escape': expected 1 to 64 letters, digits")]
    [InlineData("STREAM_REQUEST", "yes", "STREAM_REQUEST = 'yes': expected true or false")]
    public async Task KubernetesPod_BadVariable_IsBadInputNamingIt(string name, string value, string expected)
    {
        var variables = Variables(port: 8000);
        variables[name] = value;
        var command = new KubernetesPodCommand(n => variables.GetValueOrDefault(n), _ => Task.CompletedTask);

        var run = await CliRun.RunAsync(command, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("regression kubernetes-pod:", StringComparison.Ordinal));
        Assert.DoesNotContain(KubernetesPodCommand.RatePrefix, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesPod_TooManyRates_IsBadInputBeforeAnyRequest()
    {
        var variables = Variables(port: 8000);
        variables["REQUEST_RATES"] = string.Join(",", Enumerable.Range(1, 101));
        var command = new KubernetesPodCommand(n => variables.GetValueOrDefault(n), _ => Task.CompletedTask);

        var run = await CliRun.RunAsync(command, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("REQUEST_RATES = '1,2,3,", run.Error, StringComparison.Ordinal);
        Assert.Contains("': 101 rates, at most 100", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(KubernetesPodCommand.RatePrefix, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesPod_ModelNameTooLongForAFileName_IsBadInputBeforeAnyRequest()
    {
        var variables = Variables(port: 8000);
        var longName = new string('m', 129);
        variables["MODELS"] = $"adapter-0,{longName}";
        var command = new KubernetesPodCommand(n => variables.GetValueOrDefault(n), _ => Task.CompletedTask);

        var run = await CliRun.RunAsync(command, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"MODELS = 'adapter-0,{longName}': '{longName}' has 129 characters, at most 128", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(KubernetesPodCommand.RatePrefix, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesPod_OutputUnderAFile_IsBadInputBeforeAnyRequest()
    {
        var requests = 0;
        await using var endpoint = await TestEndpoint.StartAsync(async context =>
        {
            Interlocked.Increment(ref requests);
            await context.Response.WriteAsync(Completion, context.RequestAborted);
        });
        using var folder = new TemporaryFolder();
        var blocker = folder.WriteFile("results", "a file where the output folder should be");
        var output = Path.Combine(blocker, "lpg");
        var variables = Variables(endpoint.BaseAddress.Port);
        var command = new KubernetesPodCommand(n => variables.GetValueOrDefault(n), _ => Task.CompletedTask);

        var run = await CliRun.RunAsync(command, "--output", output, "--settings", Settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains($"--output = '{output}': cannot be written (", run.Error, StringComparison.Ordinal);
        Assert.Contains("nothing was sent", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(KubernetesPodCommand.RatePrefix, run.Output, StringComparison.Ordinal);
        Assert.Equal(0, requests);
        Assert.Equal("a file where the output folder should be", File.ReadAllText(blocker));
    }

    [Fact]
    public async Task KubernetesPod_UnsupportedLpgKnob_IsReportedAsIgnored()
    {
        await using var endpoint = await StartEndpointAsync();
        using var folder = new TemporaryFolder();
        var variables = Variables(endpoint.BaseAddress.Port);
        variables["REQUEST_RATES"] = "2";
        variables["SLEEP_TIME"] = "5";
        var command = new KubernetesPodCommand(n => variables.GetValueOrDefault(n), _ => Task.CompletedTask);

        var run = await CliRun.RunAsync(command, "--output", folder.Path, "--settings", Settings);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("SLEEP_TIME = '5' is ignored", run.Error, StringComparison.Ordinal);
    }

    // LPG's variables as the benchmark-tool manifest sets them, scaled down to a second per rate.
    private static Dictionary<string, string> Variables(int port) => new(StringComparer.Ordinal)
    {
        ["IP"] = "127.0.0.1",
        ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
        ["REQUEST_RATES"] = "2,4.0",
        ["BENCHMARK_TIME_SECONDS"] = "1",
        ["TOKENIZER"] = "meta-llama/Llama-3.1-8B-Instruct",
        ["MODELS"] = "adapter-0,adapter-1",
        ["TRAFFIC_SPLIT"] = "0.5,0.5",
        ["BACKEND"] = "vllm",
        ["INPUT_LENGTH"] = "1024",
        ["OUTPUT_LENGTH"] = "1024",
        ["FILE_PREFIX"] = "benchmark",
        ["PROMPT_DATASET_FILE"] = "Infinity-Instruct_conversations.json",
        ["HF_TOKEN"] = "not-used",
    };

    // Answers every request at once with one fixed completion.
    private static Task<TestEndpoint> StartEndpointAsync() => TestEndpoint.StartAsync(async context =>
    {
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Completion, context.RequestAborted);
    });
}
