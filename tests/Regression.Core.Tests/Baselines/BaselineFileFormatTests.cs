using System.Text.Json.Nodes;
using Regression.Core.Baselines;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Baselines;

/// <summary>Reading a baseline file that is not what this build writes: every error names the file and the field.</summary>
public sealed class BaselineFileFormatTests : IDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly BaselineStore store;

    public BaselineFileFormatTests()
    {
        store = new BaselineStore(folder.Path, "embedded", acceptEnabled: false);
    }

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData(2, "schemaVersion = 2 is not supported: this build reads schemaVersion 1.")]
    [InlineData(0, "schemaVersion = 0 is not supported: this build reads schemaVersion 1.")]
    public void ReadVerified_UnknownSchemaVersion_NamesFileAndValue(int version, string expected)
    {
        var file = WriteVerified(json => json["schemaVersion"] = version);

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(file, error.File);
        Assert.StartsWith(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.StartsWith($"{file}: schemaVersion = {version}", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<JsonObject>, string> Malformations => new()
    {
        { "no schema version", json => json.Remove("schemaVersion"), "schemaVersion is missing" },
        { "schema version as text", json => json["schemaVersion"] = "1", "schemaVersion = \"1\": expected a whole number" },
        { "wrong type", json => json["runs"]![0]!["seed"] = "seven", "runs[0].seed: " },
        { "unknown case", json => json["case"] = "Triple", "case: " },
        { "missing field", json => json["runs"]![0]!.AsObject().Remove("rates"), "'rates'" },
        { "missing metric", json => json["runs"]![0]!["rates"]![1]!["metrics"]!.AsObject().Remove("p90LatencyMs"), "'p90LatencyMs'" },
        { "unknown field", json => json["runs"]![0]!["rates"]![0]!["p99"] = 1, "runs[0].rates[0].p99: " },
        { "null list", json => json["settings"]!["models"] = null, "settings.models: " },
        { "no runs", json => json["runs"] = new JsonArray(), "runs is empty: a baseline needs at least one recorded run." },
        { "no rates", json => json["runs"]![0]!["rates"] = new JsonArray(), "runs[0].rates is empty" },
        { "duplicate rate", json => json["runs"]![0]!["rates"]![1]!["requestRate"] = 300, "runs[0].rates[1].requestRate = 300: the same rate as runs[0].rates[0]" },
        { "bad rate", json => json["runs"]![0]!["rates"]![2]!["requestRate"] = -5, "runs[0].rates[2].requestRate = -5: must be a positive request rate." },
        { "invalid setting", json => json["settings"]!["secondsPerRate"] = 0, "settings:SecondsPerRate = 0: must be a finite number greater than 0 and at most 3600." },
        { "empty profile", json => json["profile"] = " ", "profile is empty" },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public void ReadVerified_MalformedFile_NamesFileAndField(string malformation, Action<JsonObject> change, string expected)
    {
        var file = WriteVerified(change);

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(file, error.File);
        Assert.True(error.Problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"{malformation}: {error.Message}");
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerified_NotJson_NamesTheLine()
    {
        var file = folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "{\n  \"schemaVersion\": 1,\n  oops\n}\n");

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.StartsWith($"{file}: not valid JSON (line 3,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerified_OtherCasesFile_IsRefused()
    {
        WriteVerified(json => json["case"] = "MultiLora");

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal("case = MultiLora: this file is the baseline of SingleWorkload.", Assert.Single(error.Problems));
    }

    [Fact]
    public void ReadVerified_SeveralProblems_ListsEveryOne()
    {
        WriteVerified(json =>
        {
            json["profile"] = "";
            json["runs"]![0]!["rates"]![2]!["requestRate"] = 0;
            json["runs"]![1]!["source"] = "";
        });

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(3, error.Problems.Count);
        Assert.Contains("3 problems:", error.Message, StringComparison.Ordinal);
    }

    private string WriteVerified(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(BaselineJson.Serialize(SampleBaselines.Create(store, 1, 2)))!.AsObject();
        change(json);
        return folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), json.ToJsonString());
    }
}
