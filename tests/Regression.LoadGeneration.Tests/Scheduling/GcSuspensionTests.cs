using System.Runtime;
using Regression.LoadGeneration.Scheduling;

namespace Regression.LoadGeneration.Tests.Scheduling;

/// <summary>A no-GC region belongs to the whole process: these run alone, after every parallel test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessGcState
{
    public const string Name = "process GC state";
}

[Collection(ProcessGcState.Name)]
public sealed class GcSuspensionTests
{
    private const int Megabyte = 1024 * 1024;

    // What the zero-budget test allocates, and the least it accepts as measured. The measure
    // (GC.GetTotalAllocatedBytes without precise) leaves out what each thread's current
    // allocation context has handed out but not yet reported (up to 68 KB short of 2 MiB was
    // seen); a floor at half of what was allocated leaves 8 MB for that gap.
    private const int ZeroBudgetAllocation = 16 * Megabyte;
    private const int ZeroBudgetMeasuredFloor = ZeroBudgetAllocation / 2;

    [Fact]
    public void Begin_ZeroBudget_LeavesCollectionsOnAndStillMeasures()
    {
        using var suspension = GcSuspension.Begin(0);
        var modeWhileHeld = GCSettings.LatencyMode;
        Allocate(ZeroBudgetAllocation);

        var report = suspension.End();

        Assert.NotEqual(GCLatencyMode.NoGCRegion, modeWhileHeld);
        Assert.Equal(GcSuspensionState.Off, report.Suspension);
        Assert.True(
            report.AllocatedBytes >= ZeroBudgetMeasuredFloor,
            $"measured {report.AllocatedBytes} bytes allocated after allocating {ZeroBudgetAllocation}");
    }

    [Fact]
    public void Begin_WithinBudget_NoCollectionUntilEnd()
    {
        using var suspension = GcSuspension.Begin(256);
        var modeWhileHeld = GCSettings.LatencyMode;
        Allocate(8 * Megabyte);

        var report = suspension.End();

        Assert.Equal(GCLatencyMode.NoGCRegion, modeWhileHeld);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        Assert.Equal(GcSuspensionState.Held, report.Suspension);
        Assert.Equal(0, report.Collections);
        Assert.Equal(TimeSpan.Zero, report.Paused);
        Assert.Contains("GC during sends: none (suspended; ", report.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Begin_BudgetExceeded_ReportsTheCollectionsThatResumedAndTheNextSendPhaseIsSuspendedAgain()
    {
        using var suspension = GcSuspension.Begin(16);
        Allocate(256 * Megabyte);

        var report = suspension.End();
        using var next = GcSuspension.Begin(64);
        var nextReport = next.End();

        Assert.Equal(GcSuspensionState.EndedEarly, report.Suspension);
        Assert.True(report.Collections >= 1, $"{report.Collections} collections");
        Assert.Contains("suspension ended early", report.Describe(), StringComparison.Ordinal);
        Assert.Equal(GcSuspensionState.Held, nextReport.Suspension);
    }

    [Fact]
    public void Begin_WhileAnotherHoldsTheRegion_GoesWithout()
    {
        using var first = GcSuspension.Begin(256);
        using var second = GcSuspension.Begin(256);

        var secondReport = second.End();
        var firstReport = first.End();

        Assert.Equal(GcSuspensionState.Off, secondReport.Suspension);
        Assert.Equal(GcSuspensionState.Held, firstReport.Suspension);
    }

    [Fact]
    public void Dispose_WithoutEnd_ReleasesTheRegionForTheNextSendPhase()
    {
        var abandoned = GcSuspension.Begin(64);
        abandoned.Dispose();

        using var next = GcSuspension.Begin(64);

        Assert.Equal(GcSuspensionState.Held, next.End().Suspension);
    }

    // Short-lived garbage in small arrays, as request handling makes.
    private static void Allocate(long bytes)
    {
        for (long done = 0; done < bytes; done += 1024)
        {
            GC.KeepAlive(new byte[1000]);
        }
    }
}
