using Regression.Core.Analysis;
using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

public sealed class BaselineStoreTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void WriteReceivedThenAccept_ReadVerified_RoundTripsEveryField()
    {
        var store = Store(accept: true);
        var written = SampleBaselines.Create(store, 1, 2, 3);
        written = written with
        {
            Runs = [written.Runs[0] with { Rates = [written.Runs[0].Rates[0] with { AchievedRate = null }, .. written.Runs[0].Rates.Skip(1)] }, .. written.Runs.Skip(1)],
        };

        store.WriteReceived(written);
        store.Accept(RegressionCase.SingleWorkload);
        var read = store.ReadVerified(RegressionCase.SingleWorkload);

        Assert.Equal(BaselineJson.Serialize(written), BaselineJson.Serialize(read));
        Assert.Equal(written.Settings.RequestRates, read.Settings.RequestRates);
        Assert.Equal(written.Settings with { RequestRates = [], Models = [], TrafficSplit = [] }, read.Settings with { RequestRates = [], Models = [], TrafficSplit = [] });
        Assert.Equal([1, 2, 3], read.Runs.Select(r => r.Seed));
        Assert.Equal(written.Runs[1].RecordedAt, read.Runs[1].RecordedAt);
        Assert.Equal(written.Runs[1].Rates[2], read.Runs[1].Rates[2]);
        Assert.Null(read.Runs[0].Rates[0].AchievedRate);
        Assert.Equal(written.Environment.OrderBy(f => f.Key, StringComparer.Ordinal), read.Environment);
    }

    [Fact]
    public void WriteReceived_File_IsIndentedCamelCaseLfWithStableFieldOrder()
    {
        var store = Store(accept: false);

        var path = store.WriteReceived(SampleBaselines.Create(store, 1));

        Assert.Equal(Path.Combine(folder.Path, "embedded", "SingleWorkload.received.json"), path);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n  \"schemaVersion\": 2,\n  \"case\": \"SingleWorkload\",\n  \"profile\": \"embedded\",\n  \"environment\": {\n", text, StringComparison.Ordinal);
        Assert.Equal(
            ["schemaVersion", "case", "profile", "environment", "settings", "schedule", "runs"],
            Fields(text));
        Assert.Contains("\"dataset\": \"BillsumLike\"", text, StringComparison.Ordinal);
        Assert.Contains("\"p90NormalizedTimePerOutputTokenMs\": ", text, StringComparison.Ordinal);
        Assert.Contains("\"errorsTotal\": 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("effectiveTrafficSplit", text, StringComparison.Ordinal);
        Assert.Equal(["recordedAt", "seed", "source", "rates"], Fields(text, "runs", 0));
        Assert.Equal(["requestRate", "metrics", "errorsTotal", "benchmarkTimeSeconds", "achievedRate"], Fields(text, "runs", 0, "rates", 0));
    }

    [Fact]
    public void CreateBaseline_EnvironmentFacts_IncludeMachineRuntimeToolAndExtras()
    {
        var baseline = SampleBaselines.Create(Store(accept: false), 1);

        Assert.Equal(["architecture", "environment", "os", "processorCount", "routing", "runtime", "toolVersion"], baseline.Environment.Keys);
        Assert.Equal("Embedded", baseline.Environment["environment"]);
        Assert.Equal(EnvironmentKind.Embedded, baseline.RecordedKind);
        Assert.Equal(Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), baseline.Environment["processorCount"]);
        Assert.Equal("embedded", baseline.Profile);
    }

    [Fact]
    public void ReadVerified_Missing_NamesThePathAndHowToRecordOne()
    {
        var store = Store(accept: false);

        var error = Assert.Throws<BaselineNotFoundException>(() => store.ReadVerified(RegressionCase.MultiLora));

        var path = Path.Combine(folder.Path, "embedded", "MultiLora.verified.json");
        Assert.Equal(path, error.VerifiedPath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("REGRESSION__Baselines__Accept=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_WithoutOptIn_ThrowsAndLeavesVerifiedUntouched()
    {
        var store = Store(accept: false);
        var verified = folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "committed content\n");
        store.WriteReceived(SampleBaselines.Create(store, 1));

        var error = Assert.Throws<InvalidOperationException>(() => store.Accept(RegressionCase.SingleWorkload));

        Assert.Contains("REGRESSION__Baselines__Accept=true", error.Message, StringComparison.Ordinal);
        Assert.Equal("committed content\n", File.ReadAllText(verified));
        Assert.True(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void WriteReceived_VerifiedExists_NeverTouchesIt()
    {
        var store = Store(accept: false);
        var verified = folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "committed content\n");

        store.WriteReceived(SampleBaselines.Create(store, 1));
        store.WriteReceived(SampleBaselines.Create(store, 2));

        Assert.Equal("committed content\n", File.ReadAllText(verified));
    }

    [Fact]
    public void Accept_WithOptIn_PromotesReceivedToVerified()
    {
        var store = Store(accept: true);
        folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "old baseline\n");
        var receivedText = File.ReadAllText(store.WriteReceived(SampleBaselines.Create(store, 1, 2)));

        var verified = store.Accept(RegressionCase.SingleWorkload);

        Assert.Equal(store.VerifiedPath(RegressionCase.SingleWorkload), verified);
        Assert.Equal(receivedText, File.ReadAllText(verified));
        Assert.False(File.Exists(store.ReceivedPath(RegressionCase.SingleWorkload)));
    }

    [Fact]
    public void Accept_MalformedReceived_IsNotPromoted()
    {
        var store = Store(accept: true);
        var received = folder.WriteFile(Path.Combine("embedded", "SingleWorkload.received.json"), "{ \"schemaVersion\": 2, \"case\": 3 }");

        var error = Assert.Throws<BaselineFormatException>(() => store.Accept(RegressionCase.SingleWorkload));

        Assert.Equal(received, error.File);
        Assert.False(store.HasVerified(RegressionCase.SingleWorkload));
    }

    [Fact]
    public void Accept_NothingReceived_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Store(accept: true).Accept(RegressionCase.MultiLora));

        Assert.Contains("MultiLora.received.json does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSettings_ResolvesTheFolderAgainstTheSettingsFile()
    {
        var settings = new SuiteSettings
        {
            RootDirectory = folder.Path,
            Environment = new EnvironmentSettings { BaselineProfile = "h100" },
            Baselines = new BaselineSettings { Folder = "baselines", Accept = true },
        };

        var store = BaselineStore.FromSettings(settings);

        Assert.Equal(Path.Combine(folder.Path, "baselines", "h100", "MultiLora.verified.json"), store.VerifiedPath(RegressionCase.MultiLora));
        Assert.True(store.AcceptEnabled);
    }

    [Theory]
    [InlineData(EnvironmentKind.Embedded, null, "embedded")]
    [InlineData(EnvironmentKind.Endpoint, null, "endpoint")]
    [InlineData(EnvironmentKind.Kubernetes, null, "kubernetes")]
    [InlineData(EnvironmentKind.K3s, null, "k3s")]
    [InlineData(EnvironmentKind.Endpoint, "gateway-a", "gateway-a")]
    [InlineData(EnvironmentKind.Endpoint, "embedded", "embedded")]
    public void FromSettings_Profile_IsTheKindsOwnUnlessSet(EnvironmentKind kind, string? profile, string expected)
    {
        var settings = new SuiteSettings
        {
            RootDirectory = folder.Path,
            Environment = new EnvironmentSettings { Kind = kind, BaselineProfile = profile, EndpointUrl = new Uri("http://127.0.0.1:1") },
        };

        var store = BaselineStore.FromSettings(settings);

        Assert.Equal(expected, store.Profile);
        Assert.Equal(Path.Combine(folder.Path, "baselines", expected, "SingleWorkload.verified.json"), store.VerifiedPath(RegressionCase.SingleWorkload));
    }

    [Fact]
    public void Accept_ReceivedWithAnImpossibleValue_IsWrittenForInspectionButNotPromoted()
    {
        var store = Store(accept: true);
        var baseline = SampleBaselines.Create(store, 1);
        var broken = baseline with
        {
            Runs = [baseline.Runs[0] with { Rates = [baseline.Runs[0].Rates[0] with { Metrics = baseline.Runs[0].Rates[0].Metrics with { P90LatencyMs = double.NaN } }, .. baseline.Runs[0].Rates.Skip(1)] }],
        };

        var received = store.WriteReceived(broken);
        var error = Assert.Throws<BaselineFormatException>(() => store.Accept(RegressionCase.SingleWorkload));

        Assert.Contains("\"p90LatencyMs\": \"NaN\"", File.ReadAllText(received), StringComparison.Ordinal);
        Assert.Equal(received, error.File);
        Assert.StartsWith("runs[0].rates[0].metrics.p90LatencyMs = NaN (run seed 1, 300 req/s)", Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.False(store.HasVerified(RegressionCase.SingleWorkload));
    }

    [Fact]
    public void Baseline_Compare_UsesEveryRunAsNoise()
    {
        var store = Store(accept: false);
        var baseline = SampleBaselines.Create(store, 1, 2, 3);

        var comparison = baseline.Compare(SampleBaselines.Current(store).Runs[0].ToSweepValues(), new AnalysisSettings());

        Assert.Equal(["embedded seed 1 (seed 1)", "embedded seed 2 (seed 2)", "embedded seed 3 (seed 3)"], comparison.BaselineRuns);
        Assert.All(comparison.Metrics, m => Assert.All(m.Rates, r => Assert.Equal(3, r.BaselineRuns)));
        Assert.Equal(Verdict.Unchanged, comparison.Verdict);
    }

    private BaselineStore Store(bool accept) => new(folder.Path, "embedded", accept);

    // The field names of the object at a path of property names and array indexes.
    private static List<string> Fields(string json, params object[] path)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var element = document.RootElement;
        foreach (var step in path)
        {
            element = step is int index ? element[index] : element.GetProperty((string)step);
        }

        return element.EnumerateObject().Select(p => p.Name).ToList();
    }
}
