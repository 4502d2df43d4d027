using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>Get, list, watch, create and delete of any resource the fake serves.</summary>
public sealed class ResourceHandlers(FakeKubernetesServer server)
{
    public async Task GetAsync(HttpContext context, ApiRequestPath path)
    {
        var item = server.Store.Get(path.Type, path.Namespace, path.Name!);
        await (item is null
            ? FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(path.Type, path.Name!))
            : FakeKubernetesServer.WriteJsonAsync(context, 200, item));
    }

    public async Task ListAsync(HttpContext context, ApiRequestPath path)
    {
        var (items, version) = server.Store.List(path.Type, path.Namespace, context.Request.Query["labelSelector"].FirstOrDefault());
        await FakeKubernetesServer.WriteJsonAsync(context, 200, new JsonObject
        {
            ["apiVersion"] = path.Type.ApiVersion,
            ["kind"] = path.Type.Kind + "List",
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        });
    }

    /// <summary>A watch: the events after the requested resource version, then the new ones, one JSON object per line.</summary>
    public async Task WatchAsync(HttpContext context, ApiRequestPath path, CancellationToken cancellationToken)
    {
        var requested = long.TryParse(context.Request.Query["resourceVersion"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : server.Store.ResourceVersion;
        var scriptedGone = server.Script.GoneOnFirstWatch.TryGetValue(path.Type.Plural, out var left) && left > 0
            && server.Script.GoneOnFirstWatch.TryUpdate(path.Type.Plural, left - 1, left);
        var watch = scriptedGone ? null : server.Store.Watch(path.Type, path.Namespace, requested);
        if (watch is not { } opened)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 410, ApiStatus.Gone(requested, Math.Max(server.Store.OldestWatchable, requested + 1)));
            return;
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(cancellationToken);
            foreach (var change in opened.Backlog)
            {
                await WriteEventAsync(context, change, cancellationToken);
            }

            await foreach (var change in opened.Channel.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteEventAsync(context, change, cancellationToken);
            }
        }
        finally
        {
            server.Store.Unwatch(opened.Channel);
        }
    }

    public async Task CreateAsync(HttpContext context, ApiRequestPath path, string? body)
    {
        if (JsonNode.Parse(body ?? "{}") is not JsonObject item || item["metadata"]?["name"]?.GetValue<string>() is not { } name)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 400, ApiStatus.Failure(400, "BadRequest", "the object has no metadata.name"));
            return;
        }

        if (path.Namespace is { } ns && server.Store.Get(ResourceTypes.Namespaces, null, ns) is null)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(ResourceTypes.Namespaces, ns));
            return;
        }

        if (server.Store.Get(path.Type, path.Namespace, name) is not null)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 409, ApiStatus.AlreadyExists(path.Type, name));
            return;
        }

        if (path.Type == ResourceTypes.Namespaces)
        {
            item["status"] = new JsonObject { ["phase"] = "Active" };
        }

        await FakeKubernetesServer.WriteJsonAsync(context, 201, server.Store.Put(path.Type, path.Namespace, item));
    }

    public async Task DeleteAsync(HttpContext context, ApiRequestPath path, string? body)
    {
        if (path.Type != ResourceTypes.Namespaces)
        {
            await (server.Store.Remove(path.Type, path.Namespace, path.Name!) is null
                ? FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(path.Type, path.Name!))
                : FakeKubernetesServer.WriteJsonAsync(context, 200, ApiStatus.Success()));
            return;
        }

        var ns = server.Store.Get(ResourceTypes.Namespaces, null, path.Name!);
        if (ns is null)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(path.Type, path.Name!));
            return;
        }

        var propagation = context.Request.Query["propagationPolicy"].FirstOrDefault()
            ?? (string.IsNullOrEmpty(body) ? null : JsonNode.Parse(body)?["propagationPolicy"]?.GetValue<string>());
        server.NamespaceDeletions.Enqueue((path.Name!, propagation));
        ns["status"] = new JsonObject { ["phase"] = "Terminating" };
        ns["metadata"]!["deletionTimestamp"] = FakeObjectStore.Timestamp(TimeProvider.System);
        var terminating = server.Store.Put(ResourceTypes.Namespaces, null, ns, specChanged: false);
        server.Background.Run(() => RemoveNamespaceAsync(path.Name!, propagation == "Foreground"), server.Stopping);
        await FakeKubernetesServer.WriteJsonAsync(context, 200, terminating);
    }

    // Foreground: the dependents (pods first, then the rest) go before the namespace itself.
    private async Task RemoveNamespaceAsync(string ns, bool foreground)
    {
        await Task.Delay(server.Script.NamespaceDeletionDelay, server.Stopping);
        foreach (var runtime in server.Runtimes.Where(r => r.Key.Namespace == ns))
        {
            runtime.Value.Terminate();
        }

        var contents = server.Store.InNamespace(ns).OrderBy(o => o.Type == ResourceTypes.Pods ? 0 : 1).ToList();
        foreach (var (type, name) in foreground ? contents : [])
        {
            server.Store.Remove(type, ns, name);
        }

        server.Store.Remove(ResourceTypes.Namespaces, null, ns);
        foreach (var (type, name) in foreground ? [] : contents)
        {
            server.Store.Remove(type, ns, name);
        }
    }

    private static async Task WriteEventAsync(HttpContext context, WatchEvent change, CancellationToken cancellationToken)
    {
        var line = new JsonObject { ["type"] = change.Type, ["object"] = change.Item.DeepClone() }.ToJsonString() + "\n";
        await context.Response.WriteAsync(line, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
