using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Regression.Simulation.Gateway;
using Regression.Simulation.Prometheus;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

/// <summary>
/// A small vLLM stand-in on 127.0.0.1:0 for gateway tests: serves scripted <c>/metrics</c> text and
/// a model list, echoes completions with its own name (header <c>x-replica</c>), and streams SSE
/// chunks for <c>"stream": true</c>, each chunk after the first waiting for <see cref="ReleaseChunk"/>.
/// </summary>
internal sealed class FakeReplica : IAsyncDisposable
{
    public const string ReplicaHeader = "x-replica";
    public const int StreamedChunks = 3;

    private readonly WebApplication _app;
    private readonly SemaphoreSlim _chunkGate = new(0);
    private int _disposed;

    private FakeReplica(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The gateway's id for this replica.</summary>
    public string Id => ReplicaEndpoint.For(BaseAddress).Id;

    public string MetricsText { get; set; } = VllmMetricsText.For();

    public int MetricsStatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>When set, <c>/metrics</c> never answers (until the request is aborted).</summary>
    public bool HangMetrics { get; set; }

    public IReadOnlyList<string> Models { get; set; } = [VllmMetricsText.BaseModel];

    /// <summary>Every completion body received, byte for byte.</summary>
    public ConcurrentQueue<byte[]> ReceivedBodies { get; } = new();

    public static async Task<FakeReplica> StartAsync(string name)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var replica = new FakeReplica(name, app);
        app.MapGet(VllmRoutes.Metrics, replica.ServeMetricsAsync);
        app.MapGet(VllmRoutes.Models, replica.ServeModelsAsync);
        app.MapPost(VllmRoutes.Completions, replica.ServeCompletionAsync);
        app.MapPost(VllmRoutes.ChatCompletions, replica.ServeCompletionAsync);
        try
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            replica.BaseAddress = new Uri(address + "/");
            return replica;
        }
        catch (Exception)
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    /// <summary>Lets the streaming response write its next chunk.</summary>
    public void ReleaseChunk() => _chunkGate.Release();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var stop = new CancellationTokenSource(TestTimeouts.Stop);
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
        finally
        {
            _chunkGate.Dispose();
        }
    }

    private async Task ServeMetricsAsync(HttpContext context)
    {
        if (HangMetrics)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        context.Response.StatusCode = MetricsStatusCode;
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        await context.Response.WriteAsync(MetricsText, context.RequestAborted);
    }

    private Task ServeModelsAsync(HttpContext context) => context.Response.WriteAsJsonAsync(
        new
        {
            @object = "list",
            data = Models.Select(m => new { id = m, @object = "model", owned_by = "vllm", root = m, replica = Name }),
        },
        context.RequestAborted);

    private async Task ServeCompletionAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        ReceivedBodies.Enqueue(body);
        context.Response.Headers[ReplicaHeader] = Name;
        using var request = JsonDocument.Parse(body);
        if (request.RootElement.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True)
        {
            await StreamAsync(context);
            return;
        }

        await context.Response.WriteAsJsonAsync(new { id = "cmpl-1", @object = "text_completion", replica = Name }, context.RequestAborted);
    }

    private async Task StreamAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < StreamedChunks; i++)
        {
            if (i > 0)
            {
                await _chunkGate.WaitAsync(context.RequestAborted);
            }

            await context.Response.WriteAsync(ChunkLine(Name, i) + "\n\n", Encoding.UTF8, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    public static string ChunkLine(string replica, int index) =>
        $"data: {{\"replica\":\"{replica}\",\"choices\":[{{\"index\":0,\"text\":\"token-{index}\"}}]}}";
}
