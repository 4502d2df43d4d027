namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>A resource the fake API server serves: where it lives in the URL space and what its objects say.</summary>
/// <param name="Group">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">The API version.</param>
/// <param name="Plural">The URL segment, e.g. <c>deployments</c>.</param>
/// <param name="Kind">The objects' kind.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>The objects' apiVersion: <c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>A key unique per resource: <c>apps/v1/deployments</c>.</summary>
    public string Key => $"{ApiVersion}/{Plural}";
}
