using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Regression.Simulation.Hosting;

namespace Regression.Cli.Commands.Bench;

/// <summary>
/// Sends requests open-loop: Poisson arrivals at a fixed rate from a seeded schedule, each request
/// started on time whatever the others are doing (no concurrency cap, as LPG), on one pooled
/// client. A small share goes straight to a random replica, so the cost of the gateway hop can be
/// told from the cost of HTTP itself. One guard breaks the open loop: past
/// <see cref="MaxInFlight"/> requests in flight a request is recorded as skipped instead of sent,
/// since an overloaded cluster otherwise runs the process out of file descriptors.
/// </summary>
internal sealed class OpenLoopSender(HttpClient client, Uri gateway, IReadOnlyList<Uri> replicas, double directFraction)
{
    // Below this, waiting for a timer costs more than sending a little early would.
    private const double ShortestWaitSeconds = 0.001;

    /// <summary>
    /// Each request in flight holds four sockets in this process (both ends of the client's and of
    /// the gateway's connection); 4,000 stay clear of a 20,000-descriptor limit.
    /// </summary>
    public const int MaxInFlight = 4000;

    /// <summary>The <see cref="BenchSample.Error"/> of a request not sent because of <see cref="MaxInFlight"/>.</summary>
    public const string Skipped = "skipped (client in-flight cap)";

    private int _inFlight;

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly Uri CompletionsPath = new("v1/completions", UriKind.Relative);

    /// <summary>
    /// Sends for <paramref name="seconds"/> at <paramref name="rate"/>, calling <paramref name="onMark"/>
    /// once at <paramref name="markAt"/> seconds (the end of a warm-up) and <paramref name="onSent"/>
    /// after the last send, then waits for every answer (at most <paramref name="drainLimit"/>).
    /// </summary>
    public async Task<IReadOnlyList<BenchSample>> RunAsync(
        BenchWorkload workload, double rate, double seconds, double markAt, Action onMark, Action onSent, int seed, TimeSpan drainLimit, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task<BenchSample>>((int)(rate * seconds * 1.1) + 16);
        var marked = false;
        var index = 0;
        for (var due = NextGap(random, rate); due < seconds; due += NextGap(random, rate))
        {
            var wait = due - Elapsed(start);
            if (wait > ShortestWaitSeconds)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken).ConfigureAwait(false);
            }

            if (!marked && due >= markAt)
            {
                marked = true;
                onMark();
            }

            var direct = random.NextDouble() < directFraction;
            var target = direct ? replicas[random.Next(replicas.Count)] : gateway;
            var body = workload.Body(random);
            var id = index++;
            if (Volatile.Read(ref _inFlight) >= MaxInFlight)
            {
                var now = Elapsed(start);
                sends.Add(Task.FromResult(new BenchSample(due, now, double.NaN, now, 0, Skipped, null, 0, direct)));
                continue;
            }

            sends.Add(SendAsync(new Uri(target, CompletionsPath), body, id, due, start, direct, cancellationToken));
        }

        onSent();
        return await Task.WhenAll(sends).WaitAsync(drainLimit, cancellationToken).ConfigureAwait(false);
    }

    private async Task<BenchSample> SendAsync(Uri uri, byte[] body, int index, double scheduledAt, long start, bool direct, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            return await SendOneAsync(uri, body, index, scheduledAt, start, direct, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<BenchSample> SendOneAsync(Uri uri, byte[] body, int index, double scheduledAt, long start, bool direct, CancellationToken cancellationToken)
    {
        var sentAt = Elapsed(start);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation(SimulatorHeaders.RequestId, index.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var error = response.IsSuccessStatusCode ? null : $"HTTP {status}";
            var serviceMs = response.Headers.TryGetValues(SimulatorHeaders.ServiceMilliseconds, out var values)
                && double.TryParse(values.First(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) ? ms : (double?)null;
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                var (firstChunk, tokens) = await ReadStreamAsync(response, start, cancellationToken).ConfigureAwait(false);
                return new BenchSample(scheduledAt, sentAt, firstChunk, Elapsed(start), status, error, null, tokens, direct);
            }

            var headersAt = Elapsed(start);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new BenchSample(scheduledAt, sentAt, headersAt, Elapsed(start), status, error, serviceMs, error is null ? CompletionTokens(answer) : 0, direct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new BenchSample(scheduledAt, sentAt, double.NaN, Elapsed(start), 0, e.GetType().Name, null, 0, direct);
        }
    }

    private static async Task<(double FirstChunkAt, int Tokens)> ReadStreamAsync(HttpResponseMessage response, long start, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var firstChunkAt = double.NaN;
        var tokens = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal))
            {
                continue;
            }

            if (double.IsNaN(firstChunkAt))
            {
                firstChunkAt = Elapsed(start);
            }

            if (line.Contains("\"choices\":[]", StringComparison.Ordinal))
            {
                tokens = CompletionTokens(System.Text.Encoding.UTF8.GetBytes(line["data: ".Length..]));
            }
        }

        return (firstChunkAt, tokens);
    }

    private static int CompletionTokens(byte[] answer)
    {
        using var json = JsonDocument.Parse(answer);
        return json.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? usage.GetProperty("completion_tokens").GetInt32()
            : 0;
    }

    private static double NextGap(Random random, double rate) => -Math.Log(1.0 - random.NextDouble()) / rate;

    private static double Elapsed(long start) => Stopwatch.GetElapsedTime(start).TotalSeconds;
}
