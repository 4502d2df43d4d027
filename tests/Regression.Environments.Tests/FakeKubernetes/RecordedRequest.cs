namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>A request the fake received, for assertions: method, path with query, content type and body.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string? Body)
{
    /// <summary>A query parameter's first value, or null.</summary>
    public string? QueryValue(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var values) ? values.FirstOrDefault() : null;
}
