using System.Collections.Concurrent;
using Regression.Core.Settings;
using Regression.Core.Tokenization;
using Regression.LoadGeneration.Datasets;
using Regression.LoadGeneration.Http;
using Regression.LoadGeneration.Tests.Endpoints;
using Regression.Tests.Shared;
using Regression.Tests.Shared.Http;

namespace Regression.LoadGeneration.Tests;

public sealed class LoadGeneratorTests
{
    private static readonly LoadGeneratorSettings Settings = new();

    [Fact]
    public async Task RunRate_InstantEndpoint_SendsIntRateTimesSecondsRequestsAsLpg()
    {
        var received = new ConcurrentQueue<ReceivedRequest>();
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Instant(received));
        using var generator = new LoadGenerator(endpoint.BaseAddress, Settings);
        var prompts = TestPrompts.Make(20);
        var plan = TestPrompts.Plan(rate: 50, seconds: 1.1);

        var run = await generator.RunRateAsync(plan, prompts);

        Assert.Equal(55, plan.RequestCount);
        Assert.Equal(55, received.Count);
        Assert.Equal(55, run.Result.Overall.PromptsAttempted);
        Assert.Equal(55, run.Result.Overall.PromptsSucceeded);
        Assert.False(run.Cancelled);
        Assert.All(received, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/completions", r.Path);
            Assert.Equal("application/json", r.ContentType);
            Assert.Equal(LpgHttpClient.UserAgent, r.UserAgent);
            var prompt = prompts.Single(p => p.Text == r.Prompt);
            Assert.Equal(LpgRequestBody.Format("model-a", prompt.Text, prompt.OutputTokens), r.Body);
        });
    }

    [Fact]
    public async Task RunRate_Prompts_ComeOnlyFromTheFilteredDataset()
    {
        var received = new ConcurrentQueue<ReceivedRequest>();
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Instant(received));
        using var generator = new LoadGenerator(endpoint.BaseAddress, Settings);
        var conversations = new List<Conversation>
        {
            new("kept prompt one, long enough", "kept answer one, long enough"),
            new("no", "dropped: the prompt is under four tokens"),
            new("kept prompt two, long enough", "kept answer two, long enough"),
            new("dropped: the answer is too short", "ok"),
        };
        var prompts = LengthFilter.Apply(conversations, 1024, 1024);

        await generator.RunRateAsync(TestPrompts.Plan(50, 1), prompts);

        Assert.Equal(2, prompts.Count);
        Assert.All(received, r => Assert.Contains(r.Prompt, prompts.Select(p => p.Text)));
        Assert.Equal(2, received.Select(r => r.Prompt).Distinct().Count());
    }

    [Fact]
    public async Task RunRate_SameSeed_SendsTheSameSequenceOfPromptsAndModels()
    {
        var first = new ConcurrentQueue<ReceivedRequest>();
        var second = new ConcurrentQueue<ReceivedRequest>();
        var prompts = TestPrompts.Make(30);
        var plan = TestPrompts.Plan(50, 1, "a", "b", "c");

        var runA = await RunAsync(first, plan, prompts);
        var runB = await RunAsync(second, plan, prompts);

        Assert.Equal(Sequence(runA), Sequence(runB));
        Assert.Equal(runA.Requests.Select(r => r.ScheduledAt), runB.Requests.Select(r => r.ScheduledAt));
    }

    [Fact]
    public async Task RunRate_UsageInResponse_CountsServerTokensPlusBeginOfText()
    {
        var run = await RunAsync(new ConcurrentQueue<ReceivedRequest>(), TestPrompts.Plan(20, 1), TestPrompts.Make(5), usageTokens: 7);

        Assert.All(run.Requests, r => Assert.Equal(8, r.OutputTokens));
        Assert.Equal(0, run.CountedByTokenizer);
    }

    [Fact]
    public async Task RunRate_NoUsageInResponse_CountsTheTextWithTheTokenizer()
    {
        var run = await RunAsync(new ConcurrentQueue<ReceivedRequest>(), TestPrompts.Plan(20, 1), TestPrompts.Make(5), usageTokens: null);

        var expected = TokenCounter.StandIn.Count(OpenAiEndpoints.CompletionText);
        Assert.All(run.Requests, r => Assert.Equal(expected, r.OutputTokens));
        Assert.Equal(20, run.CountedByTokenizer);
    }

    [Fact]
    public async Task RunRate_Records_CarryScheduleSendTimeAndLoadAccuracy()
    {
        var prompts = TestPrompts.Make(10);
        var run = await RunAsync(new ConcurrentQueue<ReceivedRequest>(), TestPrompts.Plan(50, 1), prompts);

        Assert.All(run.Requests, r => Assert.True(r.SentAt >= r.ScheduledAt, $"sent {r.SentAt} before {r.ScheduledAt}"));
        Assert.All(run.Requests, r => Assert.Contains(r.PromptTokens, prompts.Select(p => p.PromptTokens)));
        var load = Assert.IsType<Regression.Core.Results.LoadAccuracy>(run.Result.Load);
        Assert.Equal(50, load.RequestedRate);
        Assert.NotNull(load.ScheduledRate);
        Assert.True(run.BenchmarkTime >= run.Requests[^1].SentAt);
        Assert.Contains("rate 50 req/s: 50/50 succeeded", run.Describe(), StringComparison.Ordinal);
        var gc = Assert.IsType<Regression.LoadGeneration.Scheduling.SendPhaseGc>(run.SendPhaseGc);
        Assert.True(gc.AllocatedBytes > 0);
        Assert.Contains("; GC during sends: ", run.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunRate_CancelledMidRate_ReturnsWithWhatWasSent()
    {
        var arrived = 0;
        var tenth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var endpoint = await TestEndpoint.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref arrived) == 10)
            {
                tenth.TrySetResult();
            }

            // Never answers: every request stays in flight until the run is cancelled.
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var generator = new LoadGenerator(endpoint.BaseAddress, Settings);
        using var cancel = new CancellationTokenSource();
        var plan = TestPrompts.Plan(rate: 50, seconds: 60);

        var running = generator.RunRateAsync(plan, TestPrompts.Make(5), cancel.Token);
        await tenth.Task.WaitAsync(TestTimeouts.Hang);
        await cancel.CancelAsync();
        var run = await running.WaitAsync(TestTimeouts.Hang);

        Assert.True(run.Cancelled);
        Assert.InRange(run.Abandoned, 10, plan.RequestCount - 1);
        Assert.Empty(run.Requests);
        Assert.Contains("cancelled", run.Describe(), StringComparison.Ordinal);
    }

    private static async Task<RateRun> RunAsync(ConcurrentQueue<ReceivedRequest> received, RatePlan plan, IReadOnlyList<DatasetPrompt> prompts, int? usageTokens = 7)
    {
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Instant(received, usageTokens));
        using var generator = new LoadGenerator(endpoint.BaseAddress, Settings);
        return await generator.RunRateAsync(plan, prompts);
    }

    private static List<(string Model, int PromptTokens)> Sequence(RateRun run) => run.Requests.Select(r => (r.Model, r.PromptTokens)).ToList();
}
