using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Core.Tests.Analysis;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

public sealed class BaselineCompatibilityTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string, Func<CaseSettings, CaseSettings>, string> SettingChanges => new()
    {
        { "double", s => s with { SecondsPerRate = 60 }, "Cases:MultiLora:SecondsPerRate: baseline 15, current 60" },
        { "int", s => s with { Replicas = 4 }, "Cases:MultiLora:Replicas: baseline 10, current 4" },
        { "rates", s => s with { RequestRates = [20, 40] }, "Cases:MultiLora:RequestRates: baseline [20, 40, 60, 80, 100, 120, 140, 160, 180, 200], current [20, 40]" },
        { "models", s => s with { Models = ["a", "b"] }, "Cases:MultiLora:Models: baseline ['adapter-0', " },
        { "split", s => s with { TrafficSplit = [] }, "Cases:MultiLora:TrafficSplit: baseline [0.12, 0.12, 0.12, 0.12, 0.12, 0.06, 0.06, 0.06, 0.06, 0.06, 0.02, 0.02, 0.02, 0.02, 0.02], current []" },
        { "enum", s => s with { Dataset = SyntheticDataset.BillsumLike }, "Cases:MultiLora:Dataset: baseline InfinityInstructLike, current BillsumLike" },
        { "optional", s => s with { DatasetFile = "datasets/x.json" }, "Cases:MultiLora:DatasetFile: baseline (none), current 'datasets/x.json'" },
        { "string", s => s with { BaseModel = "other" }, "Cases:MultiLora:BaseModel: baseline 'meta-llama/Llama-3.1-8B-Instruct', current 'other'" },
        { "max loras", s => s with { MaxLoras = 15 }, "Cases:MultiLora:MaxLoras: baseline 3, current 15" },
        { "input length", s => s with { MaxInputLength = 512 }, "Cases:MultiLora:MaxInputLength: baseline 1024, current 512" },
        { "output length", s => s with { MaxOutputLength = 512 }, "Cases:MultiLora:MaxOutputLength: baseline 1024, current 512" },
    };

    [Theory]
    [MemberData(nameof(SettingChanges))]
    public void EnsureCompatible_SettingDiffers_RefusesNamingFieldAndBothValues(string kind, Func<CaseSettings, CaseSettings> change, string expected)
    {
        var baseline = MultiLoraBaseline();

        var error = Assert.Throws<BaselineIncompatibleException>(() =>
            BaselineCompatibility.EnsureCompatible(baseline, "b.json", "embedded", RegressionCase.MultiLora, change(baseline.Settings)));

        Assert.True(error.Differences.Count == 1 && error.Differences[0].StartsWith(expected, StringComparison.Ordinal), $"{kind}: {error.Message}");
        Assert.StartsWith("b.json was recorded under different settings", error.Message, StringComparison.Ordinal);
        Assert.Contains(BaselineCompatibility.SeedNote, error.Message, StringComparison.Ordinal);
        Assert.Contains("REGRESSION__Baselines__Accept=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureCompatible_ProfileDiffers_Refuses()
    {
        var baseline = MultiLoraBaseline();

        var error = Assert.Throws<BaselineIncompatibleException>(() =>
            BaselineCompatibility.EnsureCompatible(baseline, "b.json", "h100", RegressionCase.MultiLora, baseline.Settings));

        Assert.Equal(["Environment:BaselineProfile: baseline 'embedded', current 'h100'"], error.Differences);
    }

    [Fact]
    public void Differences_SeveralFields_ListsEveryOne()
    {
        var baseline = MultiLoraBaseline();

        var differences = BaselineCompatibility.Differences(
            baseline, "h100", RegressionCase.SingleWorkload, baseline.Settings with { SecondsPerRate = 60, Replicas = 2 });

        Assert.Equal(
            [
                "Case: baseline MultiLora, current SingleWorkload",
                "Environment:BaselineProfile: baseline 'embedded', current 'h100'",
                "Cases:SingleWorkload:SecondsPerRate: baseline 15, current 60",
                "Cases:SingleWorkload:Replicas: baseline 10, current 2",
            ],
            differences);
    }

    [Fact]
    public void Differences_OnlySeedDiffers_None()
    {
        var baseline = MultiLoraBaseline();

        Assert.Empty(BaselineCompatibility.Differences(baseline, "embedded", RegressionCase.MultiLora, baseline.Settings with { Seed = 12345 }));
    }

    [Fact]
    public void Differences_SettingsReadBackFromFile_EqualTheOriginal()
    {
        var store = new BaselineStore(folder.Path, "embedded", acceptEnabled: true);
        store.WriteReceived(MultiLoraBaseline());
        store.Accept(RegressionCase.MultiLora);

        var read = store.ReadVerified(RegressionCase.MultiLora);

        Assert.Empty(BaselineCompatibility.Differences(read, "embedded", RegressionCase.MultiLora, new CasesSettings().MultiLora));
    }

    private Baseline MultiLoraBaseline()
    {
        var store = new BaselineStore(folder.Path, "embedded", acceptEnabled: false);
        var settings = new CasesSettings().MultiLora;
        return SampleBaselines.Recorded(store, settings, [1], [SampleBaselines.Sweep(settings, 1, (metric, _) => SampleSweeps.Typical(metric, 300))], RegressionCase.MultiLora).Baseline;
    }
}
