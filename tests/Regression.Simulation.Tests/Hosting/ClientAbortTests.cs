using System.Diagnostics;
using Regression.Core.Settings;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Prometheus;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Hosting;

/// <summary>A client that goes away has its request aborted in the replica, as vLLM aborts it.</summary>
public sealed class ClientAbortTests
{
    // Steps of 50 ms: an answer of LongAnswer tokens takes 100 s, far beyond the wait below, so a
    // request can leave the replica in time only by being aborted.
    private const int LongAnswer = 2000;
    private static readonly SimulatorSettings SlowSteps = TestReplicaHost.FastSettings with { StepBaseMilliseconds = 50 };
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Completions_ClientCancelsARunningRequest_ReplicaAbortsItAtOnce(bool stream)
    {
        await using var host = await TestReplicaHost.StartAsync(SlowSteps);
        using var unhandled = new UnhandledExceptionRecorder(host.Replica.BaseAddress.Port);
        using var cancel = new CancellationTokenSource(TestTimeouts.Hang);
        var request = StartLongRequest(host, stream, cancel.Token);
        var busy = await WaitForMetricsAsync(host, m => Running(m) == 1);
        Assert.Equal(1, Running(busy));
        Assert.True(Gauge(busy, VllmMetricNames.KvCacheUsage) > 0);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        var idle = await WaitForMetricsAsync(host, m => Running(m) == 0);

        Assert.Equal(0, Running(idle));
        Assert.Equal(0, Gauge(idle, VllmMetricNames.RequestsWaiting));
        Assert.Equal(0, Gauge(idle, VllmMetricNames.KvCacheUsage));
        AssertNoneFinished(idle);
        Assert.Equal(1, host.Replica.Snapshot().Counters.RequestsAborted);

        // Stopping waits for the aborted request's handler to return (disposing again at the end is a no-op): it must not have thrown.
        await host.DisposeAsync();
        Assert.Empty(unhandled.Exceptions);
    }

    [Fact]
    public async Task Completions_ClientCancelsAWaitingRequest_ItLeavesTheQueueAtOnce()
    {
        await using var host = await TestReplicaHost.StartAsync(SlowSteps with { MaxNumSeqs = 1 });
        using var unhandled = new UnhandledExceptionRecorder(host.Replica.BaseAddress.Port);
        using var cancelRunning = new CancellationTokenSource(TestTimeouts.Hang);
        using var cancelWaiting = new CancellationTokenSource(TestTimeouts.Hang);
        var running = StartLongRequest(host, stream: true, cancelRunning.Token);
        await WaitForMetricsAsync(host, m => Running(m) == 1);
        var waiting = StartLongRequest(host, stream: false, cancelWaiting.Token);
        var queued = await WaitForMetricsAsync(host, m => Gauge(m, VllmMetricNames.RequestsWaiting) == 1);
        Assert.Equal(1, Gauge(queued, VllmMetricNames.RequestsWaiting));

        cancelWaiting.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var drained = await WaitForMetricsAsync(host, m => Gauge(m, VllmMetricNames.RequestsWaiting) == 0);

        Assert.Equal(0, Gauge(drained, VllmMetricNames.RequestsWaiting));
        Assert.Equal(1, Running(drained));
        AssertNoneFinished(drained);
        Assert.Equal(1, host.Replica.Snapshot().Counters.RequestsAborted);
        cancelRunning.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await host.DisposeAsync();
        Assert.Empty(unhandled.Exceptions);
    }

    /// <summary>Sends a request for a long answer; a stream is read until <paramref name="cancellationToken"/> fires.</summary>
    private static async Task StartLongRequest(TestReplicaHost host, bool stream, CancellationToken cancellationToken)
    {
        var body = $$"""{"model":"{{TestReplicaHost.BaseModel}}","prompt":"Hello","max_tokens":{{LongAnswer}},"ignore_eos":true,"stream":{{(stream ? "true" : "false")}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, VllmRoutes.Completions) { Content = TestReplicaHost.Json(body) };
        using var response = await host.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[4096];
        while (await content.ReadAsync(buffer, cancellationToken) > 0)
        {
        }
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds or a generous deadline passes; returns the last scrape either way.</summary>
    private static async Task<PrometheusDocument> WaitForMetricsAsync(TestReplicaHost host, Func<PrometheusDocument, bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var metrics = PrometheusTextParser.Parse(await host.Client.GetStringAsync(VllmRoutes.Metrics));
            if (condition(metrics) || waited.Elapsed > TestTimeouts.Hang)
            {
                return metrics;
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>vLLM records no client abort as finished: every finished_reason series, "abort" included, stays 0.</summary>
    private static void AssertNoneFinished(PrometheusDocument metrics)
    {
        var finished = metrics.Find(VllmServerMetricNames.RequestSuccess);
        Assert.Equal(["stop", "length", "abort"], finished.Select(s => s.Label(VllmServerMetricNames.FinishedReasonLabel)));
        Assert.All(finished, series => Assert.Equal(0, series.Value));
        Assert.Equal(0, metrics.Histogram(VllmServerMetricNames.EndToEndLatency, new PrometheusLabel(VllmMetricNames.ModelNameLabel, TestReplicaHost.BaseModel))?.Count);
    }

    private static double Running(PrometheusDocument metrics) => Gauge(metrics, VllmMetricNames.RequestsRunning);

    private static double Gauge(PrometheusDocument metrics, string name) => Assert.Single(metrics.Find(name)).Value;
}
