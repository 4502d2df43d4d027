using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.LoadGeneration.Pairing;

namespace Regression.LoadGeneration.Tests.Pairing;

public sealed class PairedStartTests
{
    private static readonly DateTimeOffset Noon = new(2025, 5, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly long NoonMicroseconds = ScheduleStamp.UnixMicroseconds(Noon);
    private static readonly long LeadMicroseconds = (long)PairedStart.SetupLead.TotalMicroseconds;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_321)]
    [InlineData(990_000)]
    [InlineData(990_001)]
    public void For_Aligned_StartsAtTheFirstMultipleAtLeastTheSetupLeadAhead(long microsecondsPastNoon)
    {
        var alignment = TimeSpan.FromSeconds(1);
        var clock = new FakeTimeProvider(Noon.AddTicks(microsecondsPastNoon * TimeSpan.TicksPerMicrosecond));
        var now = NoonMicroseconds + microsecondsPastNoon;

        var start = PairedStart.For(TestPrompts.Plan(20, 1), new LoadGeneratorSettings { RateStartAlignment = alignment }, clock);

        var epoch = Assert.IsType<PairedStart>(start).EpochMicroseconds;
        var step = (long)alignment.TotalMicroseconds;
        Assert.Equal(0, epoch % step);
        Assert.True(epoch >= now + LeadMicroseconds, $"epoch {epoch} is less than the setup lead after {now}");
        Assert.True(epoch - step < now + LeadMicroseconds, $"epoch {epoch} is not the first multiple far enough ahead of {now}");
    }

    [Fact]
    public void For_ZeroAlignment_StartsExactlyTheSetupLeadAhead()
    {
        var clock = new FakeTimeProvider(Noon.AddTicks(1234 * TimeSpan.TicksPerMicrosecond));

        var start = PairedStart.For(TestPrompts.Plan(20, 1), new LoadGeneratorSettings { RateStartAlignment = TimeSpan.Zero }, clock);

        Assert.Equal(NoonMicroseconds + 1234 + LeadMicroseconds, start?.EpochMicroseconds);
    }

    [Fact]
    public void For_NotPaired_IsNull()
    {
        Assert.Null(PairedStart.For(TestPrompts.Plan(20, 1), new LoadGeneratorSettings { PairedSchedule = false }, new FakeTimeProvider(Noon)));
    }

    [Fact]
    public void For_StartTimestamp_IsAtLeastTheSetupLeadAfterTheCall()
    {
        var before = Stopwatch.GetTimestamp();

        var start = PairedStart.For(TestPrompts.Plan(20, 1), new LoadGeneratorSettings(), new FakeTimeProvider(Noon));

        var lead = Stopwatch.GetElapsedTime(before, Assert.IsType<PairedStart>(start).StartTimestamp);
        Assert.True(lead >= PairedStart.SetupLead - TimeSpan.FromMicroseconds(1), $"the start is only {lead} after the call");
    }

    [Fact]
    public void For_RunKey_IsTheScheduleKeyOfThePlansSeedAndRate()
    {
        var plan = TestPrompts.Plan(12.5, 2);

        var start = PairedStart.For(plan, new LoadGeneratorSettings(), new FakeTimeProvider(Noon));

        Assert.Equal(ScheduleKeys.RunKey(plan.Seed, plan.Rate), start?.RunKey);
    }

    [Fact]
    public void Stamp_IsTheEpochPlusTheScheduledOffsetInMicroseconds()
    {
        var start = new PairedStart(StartTimestamp: 0, EpochMicroseconds: NoonMicroseconds, RunKey: ScheduleKeys.RunKey(7, 20));

        var stamp = start.Stamp(5, TimeSpan.FromTicks(25_034_567));

        Assert.Equal(ScheduleKeys.RequestKey(start.RunKey, 5), stamp.RequestKey);
        Assert.Equal(NoonMicroseconds + 2_503_456, stamp.ScheduledAtMicroseconds);
    }
}
