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
    [InlineData(3, "schemaVersion = 3 is not supported: this build reads schemaVersion 2.")]
    [InlineData(0, "schemaVersion = 0 is not supported: this build reads schemaVersion 2.")]
    public void ReadVerified_UnknownSchemaVersion_NamesFileAndValue(int version, string expected)
    {
        var file = WriteVerified(json => json["schemaVersion"] = version);

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(file, error.File);
        Assert.StartsWith(expected, Assert.Single(error.Problems), StringComparison.Ordinal);
        Assert.StartsWith($"{file}: schemaVersion = {version}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerified_OldSchemeVersion1_OneMessageNamingFileSchemeAndTheReRecordCommand()
    {
        // A version-1 file as the old build wrote it: no schedule, runs of different seeds.
        var file = WriteVerified(json =>
        {
            json["schemaVersion"] = 1;
            json.Remove("schedule");
        });

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(
            $"{file}: schemaVersion = 1: this baseline was recorded with the old scheme (each run with a different seed, so its spread " +
            "mixes workload sampling into the noise band); this build reads schemaVersion 2, whose runs replay one schedule. " +
            "Re-record it: REGRESSION__Baselines__Accept=true dotnet test --filter Category=SingleWorkload",
            error.Message);
    }

    public static TheoryData<string, Action<JsonObject>, string> Malformations => new()
    {
        { "no schema version", json => json.Remove("schemaVersion"), "schemaVersion is missing" },
        { "schema version as text", json => json["schemaVersion"] = "2", "schemaVersion = \"2\": expected a whole number" },
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
        { "no environment kind", json => json["environment"]!.AsObject().Remove("environment"), "environment.environment is missing: a baseline names the environment kind that recorded it" },
        { "unknown environment kind", json => json["environment"]!["environment"] = "Moon", "environment.environment = 'Moon': a baseline names" },
        { "no schedule", json => json.Remove("schedule"), "'schedule'" },
        { "schedule of another seed", json => json["schedule"]!["seed"] = 7, "schedule.seed = 7: the schedule is the settings' seed, settings.seed = 1." },
        { "paired runs of other seeds", json => json["schedule"]!["paired"] = true, "schedule.paired = true, but runs[1].seed = 2 differ from schedule.seed = 1: paired runs all replay the schedule's seed." },
    };

    // Values no run can produce: the comparison would judge them as huge improvements or regressions.
    public static TheoryData<string, Action<JsonObject>, string> ImpossibleValues => new()
    {
        { "negative attempts", json => Metrics(json, 0, 1)["promptsAttempted"] = -4650, "runs[0].rates[1].metrics.promptsAttempted = -4650 (run seed 1, 310 req/s): must be a count of requests, a finite number of 0 or more." },
        { "negative successes", json => Metrics(json, 1, 0)["promptsSucceeded"] = -1, "runs[1].rates[0].metrics.promptsSucceeded = -1 (run seed 2, 300 req/s): must be a count of requests" },
        { "negative throughput", json => Metrics(json, 0, 2)["outputTokensPerMinute"] = -2880000, "runs[0].rates[2].metrics.outputTokensPerMinute = -2880000 (run seed 1, 320 req/s): must be a throughput" },
        { "infinite throughput", json => Metrics(json, 0, 2)["outputTokensPerMinute"] = "Infinity", "runs[0].rates[2].metrics.outputTokensPerMinute = Infinity (run seed 1, 320 req/s): must be a throughput" },
        { "negative p90 latency", json => Metrics(json, 1, 5)["p90LatencyMs"] = -4000, "runs[1].rates[5].metrics.p90LatencyMs = -4000 (run seed 2, 350 req/s): must be a latency, a finite number of 0 or more." },
        { "NaN p90 per-token latency", json => Metrics(json, 0, 3)["p90NormalizedTimePerOutputTokenMs"] = "NaN", "runs[0].rates[3].metrics.p90NormalizedTimePerOutputTokenMs = NaN (run seed 1, 330 req/s): must be a latency" },
        { "NaN attempts", json => Metrics(json, 0, 0)["promptsAttempted"] = "NaN", "runs[0].rates[0].metrics.promptsAttempted = NaN (run seed 1, 300 req/s): must be a count" },
        { "negative errors", json => Rate(json, 0, 0)["errorsTotal"] = -3, "runs[0].rates[0].errorsTotal = -3 (run seed 1, 300 req/s): must be a count" },
        { "negative achieved rate", json => Rate(json, 0, 0)["achievedRate"] = -300, "runs[0].rates[0].achievedRate = -300 (run seed 1, 300 req/s): must be a rate" },
        { "more successes than attempts", json => Metrics(json, 1, 4)["promptsSucceeded"] = 9000, "runs[1].rates[4].metrics.promptsSucceeded = 9000 (run seed 2, 340 req/s): more than metrics.promptsAttempted = 5100; a request cannot succeed without being sent." },
    };

    [Theory]
    [MemberData(nameof(ImpossibleValues))]
    public void ReadVerified_ImpossibleValue_IsRefusedNamingFileRunRateFieldAndValue(string value, Action<JsonObject> change, string expected)
    {
        var file = WriteVerified(change);

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(file, error.File);
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
        Assert.True(error.Problems.Any(p => p.StartsWith(expected, StringComparison.Ordinal)), $"{value}: {error.Message}");
    }

    [Fact]
    public void ReadVerified_RunWithoutOneOfItsRates_IsRefusedNamingRunAndRate()
    {
        WriteVerified(json => json["runs"]![1]!["rates"]!.AsArray().RemoveAt(3));

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(
            "runs[1] (seed 2) has no entry for 330 req/s, which settings.requestRates lists: every run must hold every rate it was recorded with.",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void ReadVerified_RunWithARateItsSettingsDoNotList_IsRefused()
    {
        WriteVerified(json => json["settings"]!["requestRates"]!.AsArray().RemoveAt(5));

        var error = Assert.Throws<BaselineFormatException>(() => store.ReadVerified(RegressionCase.SingleWorkload));

        Assert.Equal(2, error.Problems.Count);
        Assert.StartsWith("runs[0].rates[5].requestRate = 350 (seed 1): not in settings.requestRates [300, 310, 320, 330, 340]", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerified_SampleFile_HasNoProblem()
    {
        WriteVerified(_ => { });

        Assert.Equal(2, store.ReadVerified(RegressionCase.SingleWorkload).Runs.Count);
    }

    [Theory]
    [InlineData("SingleWorkload")]
    [InlineData("MultiLora")]
    public void ReadVerified_CommittedBaselines_PassEveryCheckOrAskToBeReRecorded(string name)
    {
        var regressionCase = Enum.Parse<RegressionCase>(name);
        var committed = new BaselineStore(RepositoryFiles.Path("baselines"), "embedded", acceptEnabled: false);
        var version = JsonNode.Parse(File.ReadAllText(committed.VerifiedPath(regressionCase)))!["schemaVersion"]!.GetValue<int>();

        // A file of the old scheme is refused with the one message that says how to re-record it
        // until it is re-recorded; a current file must pass every check.
        if (version < Baseline.CurrentSchemaVersion)
        {
            var error = Assert.Throws<BaselineFormatException>(() => committed.ReadVerified(regressionCase));
            Assert.EndsWith($"--filter Category={name}", Assert.Single(error.Problems), StringComparison.Ordinal);
            return;
        }

        Assert.Equal(EnvironmentKind.Embedded, committed.ReadVerified(regressionCase).RecordedKind);
    }

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
        var file = folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), "{\n  \"schemaVersion\": 2,\n  oops\n}\n");

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

        // The zeroed rate also leaves run 0 without 320 req/s, which its settings list.
        Assert.Equal(4, error.Problems.Count);
        Assert.Contains("4 problems:", error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Rate(JsonObject json, int run, int rate) => json["runs"]![run]!["rates"]![rate]!.AsObject();

    private static JsonObject Metrics(JsonObject json, int run, int rate) => Rate(json, run, rate)["metrics"]!.AsObject();

    private string WriteVerified(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(BaselineJson.Serialize(SampleBaselines.Create(store, 1, 2)))!.AsObject();
        change(json);
        return folder.WriteFile(Path.Combine("embedded", "SingleWorkload.verified.json"), json.ToJsonString());
    }
}
