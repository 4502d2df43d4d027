using System.Net;
using Microsoft.Extensions.Time.Testing;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Prometheus;
using Regression.Simulation.Routing;

namespace Regression.Simulation.Tests.Hosting;

public sealed class MetricsEndpointTests
{
    private static readonly PrometheusLabel Model = new(VllmMetricNames.ModelNameLabel, TestReplicaHost.BaseModel);

    [Fact]
    public async Task Health_Is200WithAnEmptyBody()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.Client.GetAsync(VllmRoutes.Health);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Metrics_AfterRequests_ParseAsVllmCountersAndHistograms()
    {
        await using var host = await TestReplicaHost.StartAsync();
        using var first = await host.PostAsync(VllmRoutes.Completions, $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"Hello","max_tokens":6,"ignore_eos":true}""");
        using var second = await host.PostAsync(VllmRoutes.Completions, $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"Hello again","max_tokens":4,"ignore_eos":true}""");

        using var response = await host.Client.GetAsync(VllmRoutes.Metrics);
        var metrics = PrometheusTextParser.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(10, Value(metrics, VllmServerMetricNames.GenerationTokens));
        Assert.Equal(2, metrics.Find(VllmServerMetricNames.RequestSuccess).Single(s => s.Label(VllmServerMetricNames.FinishedReasonLabel) == "length").Value);
        Assert.Equal(0, metrics.Find(VllmServerMetricNames.RequestSuccess).Single(s => s.Label(VllmServerMetricNames.FinishedReasonLabel) == "stop").Value);
        Assert.True(Value(metrics, VllmServerMetricNames.PromptTokens) >= 2);
        Assert.Equal(0, Value(metrics, VllmServerMetricNames.Preemptions));
        foreach (var histogram in new[] { VllmServerMetricNames.TimeToFirstToken, VllmServerMetricNames.EndToEndLatency, VllmServerMetricNames.QueueTime })
        {
            Assert.Equal(2, metrics.Histogram(histogram, Model)?.Count);
        }

        Assert.Equal(8, metrics.Histogram(VllmServerMetricNames.TimePerOutputToken, Model)?.Count);
        Assert.Equal(Value(metrics, VllmMetricNames.KvCacheUsage), Value(metrics, VllmMetricNames.GpuCacheUsage));
    }

    [Fact]
    public async Task Metrics_ReadByTheGatewaysReader_ShowRunningAndWaitingAdapters()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 15, 12, 0, 0, TimeSpan.Zero));
        await using var host = await TestReplicaHost.StartAsync(TestReplicaHost.FastSettings with { MaxNumSeqs = 1 }, clock, maxLoras: 2);
        using var load = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, """{"lora_name":"adapter-3","lora_path":"/adapters/three"}""");
        const string body = """{"model":"adapter-3","prompt":"Hi","max_tokens":2,"stream":true}""";
        using var running = await host.PostForHeadersAsync(VllmRoutes.Completions, body);
        using var waiting = await host.PostForHeadersAsync(VllmRoutes.Completions, body);
        clock.Advance(TimeSpan.FromMilliseconds(TestReplicaHost.FastSettings.RequestOverheadMilliseconds));

        var busy = await ReadStateAsync(host, clock);
        clock.Advance(TimeSpan.FromSeconds(2));
        await running.Content.ReadAsStringAsync();
        await waiting.Content.ReadAsStringAsync();
        var drained = await ReadStateAsync(host, clock);

        Assert.Equal(TestReplicaHost.BaseModel, busy.BaseModel);
        Assert.Equal(2, busy.MaxAdapters);
        Assert.Equal(1, busy.RunningCount);
        Assert.Equal(1, busy.WaitingQueueLength);
        Assert.True(busy.KvCacheUsage > 0);
        Assert.Contains("adapter-3", busy.ActiveAdapters);
        Assert.Contains("adapter-3", busy.WaitingAdapters);
        Assert.Equal(0, drained.RunningCount + drained.WaitingQueueLength);
        Assert.Equal(0, drained.KvCacheUsage);
    }

    [Fact]
    public async Task Metrics_LoraInfo_IsSetWhenTheEngineStateChanges()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 5, 15, 12, 0, 0, TimeSpan.Zero));
        await using var host = await TestReplicaHost.StartAsync(clock: clock);
        var first = await MetricsAsync(host);
        clock.Advance(TimeSpan.FromSeconds(1));
        var unchanged = await MetricsAsync(host);
        using var response = await host.PostForHeadersAsync(VllmRoutes.Completions, $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"Hi","max_tokens":2,"stream":true}""");
        clock.Advance(TimeSpan.FromSeconds(1));
        await response.Content.ReadAsStringAsync();

        var changed = await MetricsAsync(host);

        var firstValue = Assert.Single(first.Find(VllmMetricNames.LoraRequestsInfo)).Value;
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds() - 2, firstValue, precision: 0);
        Assert.Equal(firstValue, Assert.Single(unchanged.Find(VllmMetricNames.LoraRequestsInfo)).Value);
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds(), Assert.Single(changed.Find(VllmMetricNames.LoraRequestsInfo)).Value, precision: 0);
    }

    private static async Task<ReplicaState> ReadStateAsync(TestReplicaHost host, TimeProvider clock) =>
        VllmMetricsReader.Read(await MetricsAsync(host), host.Replica.Name, clock.GetUtcNow());

    private static async Task<PrometheusDocument> MetricsAsync(TestReplicaHost host) =>
        PrometheusTextParser.Parse(await host.Client.GetStringAsync(VllmRoutes.Metrics));

    private static double Value(PrometheusDocument metrics, string name) => Assert.Single(metrics.Find(name)).Value;
}
