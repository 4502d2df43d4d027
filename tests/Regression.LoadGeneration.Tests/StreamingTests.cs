using System.Collections.Concurrent;
using Regression.Core.Settings;
using Regression.LoadGeneration.Tests.Endpoints;
using Regression.Tests.Shared.Http;

namespace Regression.LoadGeneration.Tests;

public sealed class StreamingTests
{
    private const int Chunks = 5;

    [Fact]
    public async Task RunRate_Streaming_MeasuresTtftAndGapsBetweenTextChunks()
    {
        var received = new ConcurrentQueue<ReceivedRequest>();
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Streaming(received, Chunks));
        using var generator = new LoadGenerator(endpoint.BaseAddress, new LoadGeneratorSettings { Streaming = true });

        var run = await generator.RunRateAsync(TestPrompts.Plan(20, 0.5), TestPrompts.Make(3));

        Assert.Equal(10, run.Requests.Count);
        Assert.All(run.Requests, r =>
        {
            Assert.Null(r.Error);
            Assert.NotNull(r.TimeToFirstTokenMs);
            Assert.InRange(r.TimeToFirstTokenMs!.Value, 0, r.LatencyMs);
            Assert.Equal(Chunks - 1, r.InterTokenLatenciesMs.Count);
            Assert.Equal(Chunks + 1, r.OutputTokens);
        });
        Assert.NotNull(run.Result.Overall.TimeToFirstTokenMs);
        Assert.NotNull(run.Result.Overall.InterTokenLatencyMs);
        Assert.All(received, r =>
        {
            Assert.True(r.Json.GetProperty("stream").GetBoolean());
            Assert.True(r.Json.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        });
    }

    [Fact]
    public async Task RunRate_NotStreaming_HasNoTtft()
    {
        await using var endpoint = await TestEndpoint.StartAsync(OpenAiEndpoints.Instant(new ConcurrentQueue<ReceivedRequest>()));
        using var generator = new LoadGenerator(endpoint.BaseAddress, new LoadGeneratorSettings());

        var run = await generator.RunRateAsync(TestPrompts.Plan(20, 0.5), TestPrompts.Make(3));

        Assert.All(run.Requests, r => Assert.Null(r.TimeToFirstTokenMs));
        Assert.Null(run.Result.Overall.TimeToFirstTokenMs);
    }
}
