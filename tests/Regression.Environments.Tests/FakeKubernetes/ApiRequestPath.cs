namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// A parsed API path: <c>/api/v1/namespaces/{ns}/pods/{name}/log</c>,
/// <c>/apis/{group}/{version}/{plural}/{name}</c> and the like.
/// </summary>
public sealed record ApiRequestPath(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Parses <paramref name="path"/>; null when it is not a resource path the fake serves.</summary>
    public static ApiRequestPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/');
        string apiVersion;
        int rest;
        if (segments is ["api", var coreVersion, ..])
        {
            apiVersion = coreVersion;
            rest = 2;
        }
        else if (segments is ["apis", var group, var version, ..])
        {
            apiVersion = $"{group}/{version}";
            rest = 3;
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        string? ns = null;

        // /namespaces/{ns}/{plural}... is a namespaced resource; /namespaces[/{name}] the namespaces themselves.
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length is 0 or > 3 || ResourceTypes.Find(apiVersion, tail[0]) is not { } type)
        {
            return null;
        }

        // A namespaced resource is listed across namespaces without one, but read by name only within one.
        if ((ns is not null && !type.Namespaced) || (ns is null && type.Namespaced && tail.Length > 1))
        {
            return null;
        }

        return new ApiRequestPath(type, ns, tail.Length > 1 ? tail[1] : null, tail.Length > 2 ? tail[2] : null);
    }
}
