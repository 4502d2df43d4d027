using System.Text.Json.Nodes;
using Regression.Environments.Tests.FakeKubernetes;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>What the environment sent to the fake by server-side apply: each PATCH's body and query.</summary>
internal static class AppliedObjects
{
    public static IReadOnlyList<(RecordedRequest Request, JsonObject Body)> Of(FakeKubernetesServer server) =>
        server.Requests.Where(r => r.Method == "PATCH").Select(r => (r, JsonNode.Parse(r.Body!)!.AsObject())).ToList();

    public static JsonObject Single(FakeKubernetesServer server, string kind, string name) =>
        Of(server).Select(a => a.Body).Single(b => b["kind"]!.GetValue<string>() == kind && b["metadata"]!["name"]!.GetValue<string>() == name);

    public static JsonObject Container(JsonObject deployment, string name) =>
        deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Concat(deployment["spec"]!["template"]!["spec"]!["initContainers"]?.AsArray() ?? [])
            .Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    public static IReadOnlyList<string> Args(JsonObject container) =>
        container["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    public static string? Argument(JsonObject container, string flag)
    {
        var args = Args(container);
        var index = args.ToList().IndexOf(flag);
        return index >= 0 ? args[index + 1] : null;
    }

    public static IReadOnlyDictionary<string, string?> Env(JsonObject container) =>
        container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
}
