using Regression.LoadGeneration.Pairing;
using Regression.Simulation.Gateway;

namespace Regression.Simulation.Tests.Hosting;

/// <summary>Completion requests as a paired load generator sends them: with or without a schedule stamp.</summary>
internal static class StampedRequests
{
    /// <summary>A streaming request (its response headers mean the replica accepted it) that runs for a while.</summary>
    public const string LongStreamBody = """{"model":"meta-llama/Llama-3.1-8B-Instruct","prompt":"Hi","max_tokens":200,"ignore_eos":true,"stream":true}""";

    /// <summary>A <c>POST /v1/completions</c> with <paramref name="body"/>, stamped when <paramref name="stamp"/> is given.</summary>
    public static HttpRequestMessage Completion(string body, ScheduleStamp? stamp = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, VllmRoutes.Completions) { Content = TestReplicaHost.Json(body) };
        if (stamp is { } paired)
        {
            request.Headers.Add(ScheduleHeaders.RequestId, paired.RequestKeyText);
            request.Headers.Add(ScheduleHeaders.ScheduledAt, paired.ScheduledAtText);
        }

        return request;
    }

    /// <summary>A stamp of request <paramref name="key"/> scheduled at <paramref name="at"/>.</summary>
    public static ScheduleStamp At(long key, DateTimeOffset at) => new(key, ScheduleStamp.UnixMicroseconds(at));

    /// <summary>Sends <paramref name="request"/> and returns once its response headers are in.</summary>
    public static Task<HttpResponseMessage> SendForHeadersAsync(this HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
