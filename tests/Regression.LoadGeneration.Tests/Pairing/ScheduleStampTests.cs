using Regression.LoadGeneration.Pairing;

namespace Regression.LoadGeneration.Tests.Pairing;

public sealed class ScheduleStampTests
{
    [Fact]
    public void TryRead_WholeNumbers_GivesTheStamp()
    {
        var stamp = ScheduleStamp.TryRead("30064771077", "1747267200123456");

        Assert.Equal(new ScheduleStamp(30_064_771_077, 1_747_267_200_123_456), stamp);
    }

    [Fact]
    public void HeaderTexts_ReadBack_GiveTheSameStamp()
    {
        var stamp = new ScheduleStamp(ScheduleKeys.RequestKey(ScheduleKeys.RunKey(7, 20), 41), 1_747_267_200_000_001);

        Assert.Equal(stamp, ScheduleStamp.TryRead(stamp.RequestKeyText, stamp.ScheduledAtText));
    }

    [Theory]
    [InlineData(null, "1747267200000000")]
    [InlineData("12", null)]
    [InlineData("", "1747267200000000")]
    [InlineData("abc", "1747267200000000")]
    [InlineData("12", "soon")]
    [InlineData("12", "1747267200000000.5")]
    [InlineData("-12", "1747267200000000")]
    [InlineData("12", "-1747267200000000")]
    [InlineData(" 12", "1747267200000000")]
    [InlineData("12", "99999999999999999999")]
    public void TryRead_MissingOrNotAWholeNumber_IsNull(string? requestKey, string? scheduledAt)
    {
        Assert.Null(ScheduleStamp.TryRead(requestKey, scheduledAt));
    }

    [Fact]
    public void UnixMicroseconds_CountsFromTheEpochInUtc()
    {
        var time = new DateTimeOffset(1970, 1, 1, 2, 0, 1, TimeSpan.FromHours(2)).AddTicks(15);

        Assert.Equal(1_000_001, ScheduleStamp.UnixMicroseconds(time));
    }
}
