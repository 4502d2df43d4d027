using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// A Kubernetes API server on 127.0.0.1 (an OS-chosen port) speaking enough of the REST API, as
/// the real one speaks it, for the Kubernetes environment: version, namespaces, server-side
/// apply, get/list/watch, Deployments that roll out pods, pod logs and exec, Secrets, custom
/// resources, Status errors, and injected faults. The real KubernetesClient talks to it.
/// </summary>
public sealed class FakeKubernetesServer : IAsyncDisposable
{
    // The exec URL carries one query parameter per file of a `tar`; 160 LPG names need more than Kestrel's 8 KiB default.
    private const int MaxRequestLine = 256 * 1024;

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ResourceHandlers _resources;
    private readonly ApplyHandler _apply;
    private readonly PodLogHandler _logs;
    private readonly PodExecHandler _exec;

    private FakeKubernetesServer(WebApplication app, FakeClusterScript script)
    {
        _app = app;
        Script = script;
        Store = new FakeObjectStore(TimeProvider.System);
        Controller = new DeploymentController(this);
        _resources = new ResourceHandlers(this);
        _apply = new ApplyHandler(this);
        _logs = new PodLogHandler(this);
        _exec = new PodExecHandler(this);
        FakeClusterSeed.Seed(this);
    }

    public FakeClusterScript Script { get; }

    public FakeObjectStore Store { get; }

    public DeploymentController Controller { get; }

    public BackgroundWork Background { get; } = new();

    public ConcurrentDictionary<(string Namespace, string Pod), PodRuntime> Runtimes { get; } = new();

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Every namespace deletion and its propagation policy.</summary>
    public ConcurrentQueue<(string Name, string? Propagation)> NamespaceDeletions { get; } = new();

    public CancellationToken Stopping => _stopping.Token;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeKubernetesServer> StartAsync(FakeClusterScript? script = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestLineSize = MaxRequestLine;
            k.Limits.MaxRequestHeadersTotalSize = MaxRequestLine;
        });
        var app = builder.Build();
        var server = new FakeKubernetesServer(app, script ?? new FakeClusterScript());
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>A real client of this server.</summary>
    public k8s.Kubernetes CreateClient() => new(new k8s.KubernetesClientConfiguration { Host = BaseAddress.ToString() });

    /// <summary>The names of the namespaces that exist now.</summary>
    public IReadOnlyList<string> NamespaceNames() =>
        Store.List(ResourceTypes.Namespaces, null).Items.Select(n => n["metadata"]!["name"]!.GetValue<string>()).ToList();

    public static async Task WriteJsonAsync(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Store.CloseWatches();
        foreach (var runtime in Runtimes.Values)
        {
            runtime.Terminate();
        }

        await _app.StopAsync();
        await Background.WhenAll();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string? body = null;
        if (!context.WebSockets.IsWebSocketRequest && request.Method is "POST" or "PATCH" or "PUT" or "DELETE")
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync();
        }

        Requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.QueryString.Value ?? string.Empty, request.ContentType, body));
        if (Script.Faults.FirstOrDefault(f => f.Hits(request.Method, request.Path)) is { } fault)
        {
            if (fault.Answer is { } answer)
            {
                var (contentType, text) = answer(body);
                context.Response.StatusCode = fault.Code;
                context.Response.ContentType = contentType;
                await context.Response.WriteAsync(text);
                return;
            }

            await WriteJsonAsync(context, fault.Code, ApiStatus.Failure(fault.Code, fault.Reason, fault.Message));
            return;
        }

        if (request.Path.Value?.TrimEnd('/') == "/version")
        {
            await WriteJsonAsync(context, 200, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = Script.ServerVersion, ["platform"] = "linux/amd64" });
            return;
        }

        if (ApiRequestPath.Parse(request.Path) is not { } path)
        {
            await WriteJsonAsync(context, 404, ApiStatus.Failure(404, "NotFound", "the server could not find the requested resource"));
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await DispatchAsync(context, path, body, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // The client went away or the server is stopping: a watch or a followed log ends here.
        }
        catch (Exception e) when (Record(e) && !context.Response.HasStarted)
        {
            // A bug of the fake, not of the client: kept for the test to show, answered as the real server answers a panic.
            await WriteJsonAsync(context, 500, ApiStatus.Failure(500, "InternalError", $"fake API server: {e.GetType().Name}: {e.Message}"));
        }
    }

    private bool Record(Exception e)
    {
        Background.Errors.Enqueue(e);
        return true;
    }

    private Task DispatchAsync(HttpContext context, ApiRequestPath path, string? body, CancellationToken cancellationToken)
    {
        var watch = context.Request.Query["watch"].FirstOrDefault() is "true" or "1";
        return (context.Request.Method, path) switch
        {
            ("GET", { Subresource: "log" }) => _logs.HandleAsync(context, path.Namespace!, path.Name!, cancellationToken),
            ("GET", { Subresource: "exec" }) => _exec.HandleAsync(context, path.Namespace!, path.Name!, cancellationToken),
            ("GET", { Name: not null, Subresource: null }) => _resources.GetAsync(context, path),
            ("GET", { Name: null }) when watch => _resources.WatchAsync(context, path, cancellationToken),
            ("GET", { Name: null }) => _resources.ListAsync(context, path),
            ("POST", { Name: null }) => _resources.CreateAsync(context, path, body),
            ("PATCH", { Name: not null, Subresource: null }) => _apply.HandleAsync(context, path, body),
            ("DELETE", { Name: not null, Subresource: null }) => _resources.DeleteAsync(context, path, body),
            _ => WriteJsonAsync(context, 405, ApiStatus.Failure(405, "MethodNotAllowed", $"{context.Request.Method} is not supported on {context.Request.Path}")),
        };
    }
}
