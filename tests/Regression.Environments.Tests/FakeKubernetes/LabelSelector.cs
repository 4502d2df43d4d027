using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>An equality-based label selector (<c>app=benchmark-tool,tier=x</c>), the form the environment uses.</summary>
public sealed record LabelSelector(IReadOnlyDictionary<string, string> Required)
{
    public static LabelSelector Parse(string? text) => new(string.IsNullOrWhiteSpace(text)
        ? new Dictionary<string, string>()
        : text.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : string.Empty));

    public bool Matches(JsonObject item)
    {
        var labels = item["metadata"]?["labels"] as JsonObject;
        return Required.All(r => labels?[r.Key]?.GetValue<string>() == r.Value);
    }
}
