using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.LoadGeneration.Pairing;
using Regression.LoadGeneration.Tests.Endpoints;
using Regression.Tests.Shared.Http;

namespace Regression.LoadGeneration.Tests.Pairing;

public sealed class PairedHeadersTests
{
    // A short alignment keeps the wait before each rate to a few milliseconds.
    private static readonly TimeSpan Alignment = TimeSpan.FromMilliseconds(10);

    // 3 ms past a whole second: the rate starts at the first 10 ms multiple at least the setup lead later.
    private static readonly DateTimeOffset ClockStart = new DateTimeOffset(2025, 5, 15, 12, 0, 0, TimeSpan.Zero).AddMilliseconds(3);

    [Fact]
    public async Task RunRate_Paired_StampsEveryRequestWithItsKeyAndScheduledTime()
    {
        var received = new ConcurrentQueue<(string? RequestId, string? ScheduledAt)>();
        await using var endpoint = await TestEndpoint.StartAsync(Recording(received));
        var clock = new FakeTimeProvider(ClockStart);
        using var generator = new LoadGenerator(endpoint.BaseAddress, new LoadGeneratorSettings { RateStartAlignment = Alignment }, clock);
        var plan = TestPrompts.Plan(rate: 50, seconds: 0.4);

        var run = await generator.RunRateAsync(plan, TestPrompts.Make(5));

        var epoch = ScheduleStamp.UnixMicroseconds(ClockStart) + 17_000;
        var runKey = ScheduleKeys.RunKey(plan.Seed, plan.Rate);
        Assert.Equal(plan.RequestCount, received.Count);
        Assert.Equal(plan.RequestCount, run.Requests.Count);
        var stamps = received.Select(r => ScheduleStamp.TryRead(r.RequestId, r.ScheduledAt) ?? throw new InvalidOperationException($"unreadable stamp {r}")).ToArray();
        Assert.Equal(Enumerable.Range(0, plan.RequestCount), stamps.Select(s => ScheduleKeys.IndexOf(s.RequestKey)).Order());
        Assert.All(stamps, s =>
        {
            var index = ScheduleKeys.IndexOf(s.RequestKey);
            Assert.Equal(ScheduleKeys.RequestKey(runKey, index), s.RequestKey);
            Assert.Equal(epoch + (run.Requests[index].ScheduledAt.Ticks / TimeSpan.TicksPerMicrosecond), s.ScheduledAtMicroseconds);
        });
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(epoch * TimeSpan.TicksPerMicrosecond), run.Result.StartedAt);
    }

    [Fact]
    public async Task RunRate_NotPaired_SendsNoScheduleHeaders()
    {
        var received = new ConcurrentQueue<(string? RequestId, string? ScheduledAt)>();
        await using var endpoint = await TestEndpoint.StartAsync(Recording(received));
        using var generator = new LoadGenerator(endpoint.BaseAddress, new LoadGeneratorSettings { PairedSchedule = false }, new FakeTimeProvider(ClockStart));
        var plan = TestPrompts.Plan(rate: 50, seconds: 0.4);

        var run = await generator.RunRateAsync(plan, TestPrompts.Make(5));

        Assert.Equal(plan.RequestCount, received.Count);
        Assert.All(received, r => Assert.Equal((null, null), r));
        Assert.Equal(ClockStart, run.Result.StartedAt);
    }

    private static RequestDelegate Recording(ConcurrentQueue<(string? RequestId, string? ScheduledAt)> received) => async context =>
    {
        var headers = context.Request.Headers;
        received.Enqueue((headers.TryGetValue(ScheduleHeaders.RequestId, out var id) ? id.ToString() : null,
            headers.TryGetValue(ScheduleHeaders.ScheduledAt, out var at) ? at.ToString() : null));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(OpenAiEndpoints.CompletionJson(OpenAiEndpoints.CompletionText, usageTokens: 7));
    };
}
