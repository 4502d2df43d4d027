using System.Text.Json.Nodes;
using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

/// <summary>A baseline records the schedule its runs replayed, and a current run of another schedule is judged with a warning.</summary>
public sealed class BaselineScheduleTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void CreateBaseline_ReplicatesOfTheSettingsSeed_ArePairedAndSaySoInTheFile()
    {
        var store = new BaselineStore(folder.Path, "embedded", acceptEnabled: false);
        var baseline = Replicates(store, 3);

        var json = JsonNode.Parse(File.ReadAllText(store.WriteReceived(baseline)))!;

        Assert.Equal(new BaselineSchedule(SampleBaselines.Settings.Seed, Paired: true), baseline.Schedule);
        Assert.Equal(SampleBaselines.Settings.Seed, json["schedule"]!["seed"]!.GetValue<int>());
        Assert.True(json["schedule"]!["paired"]!.GetValue<bool>());
        Assert.True(baseline.IsPairedWith(SampleBaselines.Settings.Seed));
        Assert.False(baseline.IsPairedWith(SampleBaselines.Settings.Seed + 1));
    }

    [Fact]
    public void CreateBaseline_RunsOfSeveralSeeds_AreNotPaired()
    {
        var baseline = SampleBaselines.Create(new BaselineStore(folder.Path, "embedded", acceptEnabled: false), 1, 2, 3);

        Assert.Equal(new BaselineSchedule(1, Paired: false), baseline.Schedule);
        Assert.False(baseline.IsPairedWith(1));
    }

    [Fact]
    public void UnpairedWarning_PairedRun_None()
    {
        var baseline = Replicates(new BaselineStore(folder.Path, "embedded", acceptEnabled: false), 3);

        Assert.Null(BaselineCompatibility.UnpairedWarning(baseline, SampleBaselines.Settings.Seed));
    }

    [Fact]
    public void UnpairedWarning_RunOfAnotherSeed_NamesBothSeeds()
    {
        var baseline = Replicates(new BaselineStore(folder.Path, "embedded", acceptEnabled: false), 3);

        Assert.StartsWith(
            "Unpaired: the baseline's runs replay seed 1, this run used seed 99; its workload differs",
            BaselineCompatibility.UnpairedWarning(baseline, 99),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RunOfAnotherSeed_ComparedWithTheUnpairedWarning()
    {
        var recorder = new BaselineStore(folder.Path, "embedded", acceptEnabled: true);
        recorder.WriteReceived(Replicates(recorder, 3));
        recorder.Accept(RegressionCase.SingleWorkload);
        var store = new BaselineStore(folder.Path, "embedded", acceptEnabled: false);
        var current = SampleBaselines.CurrentRun(store);

        var result = new BaselineVerifier(store, new AnalysisSettings(), new ChecksSettings()).Verify(current.Baseline, current.Sweeps);

        Assert.Contains(result.Comparison!.Warnings, w => w.StartsWith("Unpaired: the baseline's runs replay seed 1, this run used seed 99", StringComparison.Ordinal));
    }

    // Runs of the settings' own seed, each a little apart as replicates are.
    private static Baseline Replicates(BaselineStore store, int runs)
    {
        var seed = SampleBaselines.Settings.Seed;
        var sweeps = Enumerable.Range(0, runs).Select(i => SampleBaselines.Sweep(seed, factor: 1 + (0.002 * (i - 1)))).ToArray();
        return SampleBaselines.Recorded(store, SampleBaselines.Settings, Enumerable.Repeat(seed, runs).ToArray(), sweeps).Baseline;
    }
}
