using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>Merges an applied configuration into a stored object: objects recursively, everything else replaced.</summary>
public static class JsonMerge
{
    public static JsonObject Merge(JsonObject existing, JsonObject applied)
    {
        var result = (JsonObject)existing.DeepClone();
        foreach (var (key, value) in applied)
        {
            result[key] = result[key] is JsonObject target && value is JsonObject source
                ? Merge(target, source)
                : value?.DeepClone();
        }

        return result;
    }
}
