namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// An injected API error: the <paramref name="Occurrence"/>-th request with <paramref name="Method"/>
/// whose path contains <paramref name="PathContains"/> is answered with a Status of <paramref name="Code"/>.
/// </summary>
public sealed record FaultRule(string Method, string PathContains, int Occurrence, int Code, string Reason, string Message)
{
    private int _seen;

    /// <summary>Whether this request is the one to fail (counts matching requests).</summary>
    public bool Hits(string method, string path)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) || !path.Contains(PathContains, StringComparison.Ordinal))
        {
            return false;
        }

        return Interlocked.Increment(ref _seen) == Occurrence;
    }

    /// <summary>A 500 on the <paramref name="occurrence"/>-th matching request.</summary>
    public static FaultRule InternalError(string method, string pathContains, int occurrence = 1) =>
        new(method, pathContains, occurrence, 500, "InternalError", "Internal error occurred: etcdserver: request timed out");
}
