namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// An injected API error: the <paramref name="Occurrence"/>-th request with <paramref name="Method"/>
/// whose path contains <paramref name="PathContains"/> is answered with a Status of <paramref name="Code"/>,
/// or with what <see cref="Answer"/> makes of the request's body.
/// </summary>
public sealed record FaultRule(string Method, string PathContains, int Occurrence, int Code, string Reason, string Message)
{
    private int _seen;

    /// <summary>When set, the answer's content type and body, made from the request's body (null for a GET).</summary>
    public Func<string?, (string ContentType, string Body)>? Answer { get; init; }

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

    /// <summary>An admission webhook's refusal whose Status message quotes the whole object it refused, as some policy engines do.</summary>
    public static FaultRule WebhookDenialQuotingTheObject(string method, string pathContains) =>
        new(method, pathContains, 1, 403, "Forbidden", string.Empty)
        {
            Answer = body => ("application/json", ApiStatus.Failure(403, "Forbidden", $"admission webhook \"policy.example.com\" denied the request: {body}").ToJsonString()),
        };

    /// <summary>A proxy in front of the API server answering 502 with a text page that <paramref name="page"/> makes of the request's body.</summary>
    public static FaultRule ProxyPage(string method, string pathContains, Func<string, string> page) =>
        new(method, pathContains, 1, 502, "Bad Gateway", string.Empty)
        {
            Answer = body => ("text/plain", page(body ?? string.Empty)),
        };
}
