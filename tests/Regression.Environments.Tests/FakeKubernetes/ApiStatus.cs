using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>The <c>Status</c> objects the API server answers errors with (the shapes kubectl and the clients read).</summary>
public static class ApiStatus
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = details,
        ["code"] = code,
    };

    public static JsonObject Success() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
    };

    public static JsonObject NotFound(ResourceType type, string name) =>
        Failure(404, "NotFound", $"{type.Plural}{GroupSuffix(type)} \"{name}\" not found", Details(type, name));

    public static JsonObject AlreadyExists(ResourceType type, string name) =>
        Failure(409, "AlreadyExists", $"{type.Plural}{GroupSuffix(type)} \"{name}\" already exists", Details(type, name));

    public static JsonObject Conflict(ResourceType type, string name, string manager) =>
        Failure(409, "Conflict", $"Apply failed with 1 conflict: conflict with \"{manager}\" using {type.ApiVersion}", Details(type, name));

    public static JsonObject Invalid(ResourceType type, string name, string field, string problem)
    {
        var details = Details(type, name);
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = problem, ["field"] = field });
        return Failure(422, "Invalid", $"{type.Kind}{GroupSuffix(type)} \"{name}\" is invalid: {field}: {problem}", details);
    }

    public static JsonObject Gone(long requested, long oldest) =>
        Failure(410, "Expired", $"too old resource version: {requested} ({oldest})");

    private static JsonObject Details(ResourceType type, string name) => new()
    {
        ["name"] = name,
        ["group"] = type.Group,
        ["kind"] = type.Plural,
    };

    private static string GroupSuffix(ResourceType type) => type.Group.Length == 0 ? string.Empty : "." + type.Group;
}
