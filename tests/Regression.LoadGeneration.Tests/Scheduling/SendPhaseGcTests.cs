using Regression.LoadGeneration.Scheduling;

namespace Regression.LoadGeneration.Tests.Scheduling;

public sealed class SendPhaseGcTests
{
    [Theory]
    [InlineData(GcSuspensionState.Held, 0, 0, "GC during sends: none (suspended; 412 MB allocated)")]
    [InlineData(GcSuspensionState.EndedEarly, 3, 41.6, "GC during sends: 3 collections, 42 ms paused (suspension ended early; 412 MB allocated)")]
    [InlineData(GcSuspensionState.Off, 14, 190, "GC during sends: 14 collections, 190 ms paused (412 MB allocated)")]
    public void Describe_SaysWhetherCollectionsCouldDelaySends(GcSuspensionState state, int collections, double pausedMs, string expected)
    {
        var gc = new SendPhaseGc(state, collections, TimeSpan.FromMilliseconds(pausedMs), 412L * 1024 * 1024);

        Assert.Equal(expected, gc.Describe());
    }
}
