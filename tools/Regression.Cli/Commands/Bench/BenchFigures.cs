using System.Globalization;
using System.Text;
using Regression.Simulation.Hosting;

namespace Regression.Cli.Commands.Bench;

/// <summary>
/// The figures of one benchmark point, over the requests scheduled after the warm-up: rates,
/// errors, latency, what the gateway hop adds, how late the sender and the driver were, and what
/// the process used.
/// </summary>
internal sealed record BenchFigures
{
    /// <summary>
    /// inference-perf's load-generator guide: a median schedule delay above 10 ms turns an open-loop
    /// run closed-loop.
    /// </summary>
    public const double MaxSendLagP50Milliseconds = 10;

    /// <summary>
    /// One decode step at a moderate batch (8–10 ms in the inference-perf KubeCon NA 2025 demo): at
    /// the tail an event may reach its client a step late, never more. The engine's own timeline
    /// does not depend on it.
    /// </summary>
    public const double MaxDriverLagP99Milliseconds = 10;

    private const double Milliseconds = 1e3;

    public required string Point { get; init; }

    public required double RequestedRate { get; init; }

    public required IReadOnlyList<BenchSample> Measured { get; init; }

    /// <summary>Every request, warm-up included (for throughput).</summary>
    public required IReadOnlyList<BenchSample> All { get; init; }

    /// <summary>When the measured window began: the end of the warm-up, seconds from the start.</summary>
    public required double WindowStart { get; init; }

    public required double WindowSeconds { get; init; }

    public required ProcessUse Process { get; init; }

    public required DriverLag DriverLag { get; init; }

    public IEnumerable<BenchSample> Succeeded => Measured.Where(s => s.Succeeded);

    public double AchievedRate => Measured.Count / WindowSeconds;

    /// <summary>
    /// Successful answers per second over the whole run, from the first send to the last answer
    /// (warm-up and drain included). Not "answers that ended in the window": an overloaded engine
    /// admits hundreds of requests into one batch and they finish together, in waves, so a window
    /// count swings with where the waves fall.
    /// </summary>
    public double Throughput
    {
        get
        {
            var ok = All.Where(s => s.Succeeded).ToArray();
            return ok.Length == 0 ? 0 : ok.Length / (ok.Max(s => s.EndedAt) - All.Min(s => s.SentAt));
        }
    }

    /// <summary>Output tokens per second on the same span as <see cref="Throughput"/>.</summary>
    public double OutputTokensPerSecond
    {
        get
        {
            var ok = All.Where(s => s.Succeeded).ToArray();
            return ok.Length == 0 ? 0 : ok.Sum(s => (double)s.CompletionTokens) / (ok.Max(s => s.EndedAt) - All.Min(s => s.SentAt));
        }
    }

    /// <summary>When the last answer came, seconds from the start.</summary>
    public double LastAnswerAt => All.Where(s => s.Succeeded).Select(s => s.EndedAt).DefaultIfEmpty(0).Max();

    public double SendLagP50Milliseconds => Percentiles.Of(Measured.Select(s => s.SendLag), 0.5) * Milliseconds;

    public int ErrorCount => Measured.Count(s => !s.Succeeded);

    /// <summary>Whether the sender and the driver kept their schedules (and so the figures mean what they say).</summary>
    public bool KeptUp => SendLagP50Milliseconds <= MaxSendLagP50Milliseconds && DriverLag.P99Milliseconds <= MaxDriverLagP99Milliseconds;

    public string Render(string description)
    {
        var ok = Succeeded.ToArray();
        var text = new StringBuilder();
        Line(text, $"== {Point}: {RequestedRate:0.#} req/s for {WindowSeconds:0.#} s ({description}) ==");
        Line(text, $"requests:    {Measured.Count} sent ({AchievedRate:0.0} req/s achieved), {ok.Length} ok, errors: {Errors()}");
        Line(text, $"throughput:  {Throughput:0.0} answers/s, {OutputTokensPerSecond:0} output tokens/s (whole run; last answer at {LastAnswerAt:0.0} s, sending ended at {WindowStart + WindowSeconds:0.#} s)");
        Line(text, $"latency:     p50 {Ms(ok.Select(s => s.Latency), 0.5)}, p99 {Ms(ok.Select(s => s.Latency), 0.99)}");
        if (ok.Any(s => s.ServiceMilliseconds is null))
        {
            Line(text, $"first token: p50 {Ms(ok.Select(s => s.FirstChunkAt - s.SentAt), 0.5)}, p99 {Ms(ok.Select(s => s.FirstChunkAt - s.SentAt), 0.99)}");
        }

        var viaGateway = Overheads(ok.Where(s => !s.Direct));
        var direct = Overheads(ok.Where(s => s.Direct));
        if (viaGateway.Length > 0)
        {
            Line(text, $"gateway hop: latency − replica service time: via gateway p50 {Ms(viaGateway, 0.5)}, p99 {Ms(viaGateway, 0.99)} ({viaGateway.Length} requests); "
                + $"direct to a replica p50 {Ms(direct, 0.5)}, p99 {Ms(direct, 0.99)} ({direct.Length})");
        }

        var lag = Measured.Select(s => s.SendLag);
        Line(text, $"send lag:    p50 {Ms(lag, 0.5)}, p99 {Ms(lag, 0.99)}, max {Ms(lag, 1)}");
        Line(text, $"driver lag:  p50 {DriverLag.P50Milliseconds:0.00} ms, p99 {DriverLag.P99Milliseconds:0.00} ms, max {DriverLag.MaxMilliseconds:0.0} ms ({DriverLag.Samples} events)");
        Line(text, $"process:     CPU {Process.CpuShare * 100:0} % of {Environment.ProcessorCount} cores, {Process.AllocatedBytesPerSecond / 1e6:0} MB/s allocated, "
            + $"{Process.Gen0Collections} gen0 / {Process.Gen2Collections} gen2 collections, {Process.GcPauseMilliseconds:0} ms paused");
        Line(text, $"host kept up: {(KeptUp ? "yes" : "no")} (send lag p50 ≤ {MaxSendLagP50Milliseconds} ms, driver lag p99 ≤ {MaxDriverLagP99Milliseconds} ms)");
        return text.ToString();
    }

    /// <summary>One row of the summary table.</summary>
    public string Row()
    {
        var ok = Succeeded.ToArray();
        var viaGateway = Overheads(ok.Where(s => !s.Direct));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {Point} | {RequestedRate:0} | {AchievedRate:0.0} | {Throughput:0.0} | {ErrorCount} | {Ms(ok.Select(s => s.Latency), 0.5)} | {Ms(ok.Select(s => s.Latency), 0.99)} | "
            + $"{(viaGateway.Length > 0 ? $"{Ms(viaGateway, 0.5)} / {Ms(viaGateway, 0.99)}" : "–")} | {Process.CpuShare * 100:0} % | "
            + $"{DriverLag.P50Milliseconds:0.00} / {DriverLag.P99Milliseconds:0.00} / {DriverLag.MaxMilliseconds:0.0} | {(KeptUp ? "yes" : "no")} |");
    }

    public const string TableHeader =
        "| point | req/s asked | req/s sent | answers/s | errors | latency p50 | latency p99 | gateway hop p50 / p99 | CPU | driver lag p50 / p99 / max (ms) | kept up |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    private string Errors()
    {
        var errors = Measured.Where(s => !s.Succeeded).GroupBy(s => s.Error).Select(g => $"{g.Key} × {g.Count()}").ToArray();
        return errors.Length == 0 ? "none" : string.Join(", ", errors);
    }

    // Whole answers only: a stream's headers carry no service time.
    private static double[] Overheads(IEnumerable<BenchSample> samples) =>
        samples.Where(s => s.ServiceMilliseconds is not null).Select(s => s.Latency - (s.ServiceMilliseconds!.Value / Milliseconds)).ToArray();

    private static string Ms(IEnumerable<double> seconds, double fraction) =>
        Percentiles.Of(seconds, fraction) is var value && double.IsNaN(value)
            ? "–"
            : string.Create(CultureInfo.InvariantCulture, $"{value * Milliseconds:0.0} ms");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
