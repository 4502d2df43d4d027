using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// Server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>): create or merge, the
/// field manager recorded in <c>managedFields</c>, and the API server's refusals as Status objects
/// (415 another patch type, 400 no field manager or a mismatched name, 404 no namespace, 409 a
/// conflict with another manager without <c>force</c>, 422 an invalid object).
/// </summary>
/// <remarks>
/// Simplified: fields are merged (objects recursively, lists replaced) rather than tracked per
/// manager, and a conflict is any other manager's earlier apply.
/// </remarks>
public sealed partial class ApplyHandler(FakeKubernetesServer server)
{
    public const string ContentType = "application/apply-patch+yaml";

    public async Task HandleAsync(HttpContext context, ApiRequestPath path, string? body)
    {
        var (code, result, specChanged) = Apply(context, path, body);
        await FakeKubernetesServer.WriteJsonAsync(context, code, result);
        if (code is 200 or 201 && specChanged && path.Type == ResourceTypes.Deployments && result["metadata"]?["namespace"]?.GetValue<string>() is { } ns)
        {
            server.Controller.Reconcile(ns, result);
        }
    }

    private (int Code, JsonObject Result, bool SpecChanged) Apply(HttpContext context, ApiRequestPath path, string? body)
    {
        var type = path.Type;
        var name = path.Name!;
        if (context.Request.ContentType?.StartsWith(ContentType, StringComparison.Ordinal) != true)
        {
            return (415, ApiStatus.Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, {ContentType}"), false);
        }

        if (context.Request.Query["fieldManager"].FirstOrDefault() is not { Length: > 0 } manager)
        {
            return (400, ApiStatus.Failure(400, "BadRequest", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"), false);
        }

        JsonObject? item;
        try
        {
            item = JsonNode.Parse(body ?? string.Empty) as JsonObject;
        }
        catch (JsonException e)
        {
            return (400, ApiStatus.Failure(400, "BadRequest", $"error decoding YAML: {e.Message}"), false);
        }

        if (item is null || item["apiVersion"]?.GetValue<string>() != type.ApiVersion || item["kind"]?.GetValue<string>() != type.Kind)
        {
            return (400, ApiStatus.Failure(400, "BadRequest", $"the API version and kind in the data ({item?["apiVersion"]}, {item?["kind"]}) do not match the request ({type.ApiVersion}, {type.Kind})"), false);
        }

        if (item["metadata"]?["name"]?.GetValue<string>() != name)
        {
            return (400, ApiStatus.Failure(400, "BadRequest", $"the name of the object ({item["metadata"]?["name"]}) does not match the name on the URL ({name})"), false);
        }

        if (item["metadata"]?["namespace"]?.GetValue<string>() is { } bodyNamespace && bodyNamespace != path.Namespace)
        {
            return (400, ApiStatus.Failure(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request"), false);
        }

        if (path.Namespace is { } ns)
        {
            var owner = server.Store.Get(ResourceTypes.Namespaces, null, ns);
            if (owner is null)
            {
                return (404, ApiStatus.NotFound(ResourceTypes.Namespaces, ns), false);
            }

            if (owner["status"]?["phase"]?.GetValue<string>() == "Terminating")
            {
                return (403, ApiStatus.Failure(403, "Forbidden", $"{type.Plural} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"), false);
            }
        }

        if (Invalid(type, item) is { } invalid)
        {
            return (422, ApiStatus.Invalid(type, name, invalid.Field, invalid.Problem), false);
        }

        var existing = server.Store.Get(type, path.Namespace, name);
        var others = (existing?["metadata"]?["managedFields"] as JsonArray ?? [])
            .Select(f => f?["manager"]?.GetValue<string>()).Where(m => m is not null && m != manager).ToList();
        if (existing is not null && others.Count > 0 && context.Request.Query["force"].FirstOrDefault() != "true")
        {
            return (409, ApiStatus.Conflict(type, name, others[0]!), false);
        }

        var merged = existing is null ? item : JsonMerge.Merge(existing, item);
        var fields = new JsonArray((existing?["metadata"]?["managedFields"] as JsonArray ?? [])
            .Where(f => f?["manager"]?.GetValue<string>() != manager).Select(f => f!.DeepClone()).ToArray());
        fields.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = type.ApiVersion,
            ["time"] = FakeObjectStore.Timestamp(TimeProvider.System),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject(),
        });
        merged["metadata"]!["managedFields"] = fields;
        var specChanged = existing is null || !JsonNode.DeepEquals(existing["spec"], merged["spec"]);
        return (existing is null ? 201 : 200, server.Store.Put(type, path.Namespace, merged, specChanged), specChanged);
    }

    private static (string Field, string Problem)? Invalid(ResourceType type, JsonObject item)
    {
        var name = item["metadata"]!["name"]!.GetValue<string>();
        if (name.Length > 253 || !DnsSubdomain().IsMatch(name))
        {
            return ("metadata.name", $"Invalid value: \"{name}\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }

        if (type == ResourceTypes.Deployments)
        {
            if (FakeObjectStore.Number(item["spec"]?["replicas"]) is < 0)
            {
                return ("spec.replicas", "Invalid value: must be greater than or equal to 0");
            }

            if (item["spec"]?["selector"] is null)
            {
                return ("spec.selector", "Required value");
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
