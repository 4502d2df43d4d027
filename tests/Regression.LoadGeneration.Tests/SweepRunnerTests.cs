using System.Collections.Concurrent;
using Regression.Core.Results;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.LoadGeneration.Tests.Endpoints;
using Regression.Tests.Shared.Http;

namespace Regression.LoadGeneration.Tests;

public sealed class SweepRunnerTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "lg-sweep-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_TwoRates_RunsThemInOrderAndWritesLpgFiles()
    {
        var received = new ConcurrentQueue<ReceivedRequest>();
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Instant(received));
        var settings = new LoadGeneratorSettings();
        using var generator = new LoadGenerator(endpoint.BaseAddress, settings);
        var caseSettings = new CaseSettings { Models = ["adapter-0", "adapter-1"], TrafficSplit = [0.5, 0.5], RequestRates = [40, 20], SecondsPerRate = 0.5 };
        var dataset = new PromptDataset("test", 5, TestPrompts.Make(5));
        var reports = new List<SweepProgress>();

        var run = await new SweepRunner(generator).RunAsync(caseSettings, dataset, new SynchronousProgress(reports.Add));

        Assert.False(run.Cancelled);
        Assert.Equal([40.0, 20.0], run.Rates.Select(r => r.Plan.Rate));
        Assert.Equal([20.0, 40.0], run.Sweep.Rates.Select(r => r.RequestRate));
        Assert.Equal(30, received.Count);
        Assert.Equal(ResultFormat.Lpg, run.Sweep.Format);
        Assert.Equal(caseSettings.Models, run.Sweep.Models);
        Assert.Contains("stand-in", run.Sweep.Tokenizer, StringComparison.Ordinal);
        Assert.Equal([null, 40.0, null, 20.0], reports.Select(r => r.Completed?.Plan.Rate));
        Assert.StartsWith("[1/2] benchmarking request rate 40", reports[0].ToString(), StringComparison.Ordinal);

        var files = run.WriteLpgFiles(folder);

        Assert.Equal(6, files.Count);
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("benchmark-vllm-40.0qps-", StringComparison.Ordinal) && f.EndsWith("-weighted.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("-adapter-1.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_CancelledBeforeStart_RunsNoRate()
    {
        using var generator = new LoadGenerator(new Uri("http://127.0.0.1:9/"), new LoadGeneratorSettings());
        var caseSettings = new CaseSettings { RequestRates = [10], SecondsPerRate = 1 };

        var run = await new SweepRunner(generator).RunAsync(caseSettings, new PromptDataset("test", 3, TestPrompts.Make(3)), cancellationToken: new CancellationToken(canceled: true));

        Assert.True(run.Cancelled);
        Assert.Empty(run.Rates);
        Assert.Empty(run.Sweep.Rates);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Progress<T> posts to the thread pool; the test wants the reports in order, as they happen.
    private sealed class SynchronousProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }
}
