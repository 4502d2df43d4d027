using Regression.Cli.Commands.Detection;
using Regression.Core.Analysis;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests.Detection;

public sealed class SuiteVerdictTests
{
    private const string Sample = """
        { "schemaVersion": 1, "case": "SingleWorkload", "verdict": "Regressed", "paired": true,
          "metrics": [ { "metric": "P90Latency", "verdict": "Regressed", "worsening": 0.051, "noiseBand": 0.010,
             "tolerance": 0.03, "minimumDetectableChange": 0.041, "rSquared": 0.98, "baselineRuns": 10,
             "rates": [ { "rate": 300, "baselineMean": 1.2, "current": 1.26, "worsening": 0.05, "verdict": "Worse" } ] } ] }
        """;

    [Fact]
    public async Task Find_RunFolderWithTheCase_ReadsTheVerdictAndMetrics()
    {
        using var folder = new TemporaryFolder();
        folder.WriteFile(Path.Combine("20250515-120000-0a1b2c", "SingleWorkload", "verdict.json"), Sample);

        var verdict = (await SuiteVerdict.FindAsync(folder.Path, "SingleWorkload"))!;

        Assert.Equal(Verdict.Regressed, verdict.Verdict);
        Assert.True(verdict.Paired);
        Assert.Equal(new SuiteMetricVerdict("P90Latency", "Regressed", 0.051, 0.041, 0.98), Assert.Single(SuiteVerdict.Metrics(verdict)));
    }

    [Fact]
    public async Task Find_OtherCaseOnly_IsNull()
    {
        using var folder = new TemporaryFolder();
        folder.WriteFile(Path.Combine("20250515-120000-0a1b2c", "MultiLora", "verdict.json"), Sample);

        Assert.Null(await SuiteVerdict.FindAsync(folder.Path, "SingleWorkload"));
    }

    [Fact]
    public async Task Find_NotJson_NamesTheFile()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile(Path.Combine("20250515-120000-0a1b2c", "SingleWorkload", "verdict.json"), "{ broken");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => SuiteVerdict.FindAsync(folder.Path, "SingleWorkload"));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Regressed", true, "Flagged")]
    [InlineData("Regressed", false, "Flagged")]
    [InlineData("Inconclusive", true, "Flagged")]
    [InlineData("Inconclusive", false, "Passed")]
    [InlineData("Improved", true, "Passed")]
    [InlineData("Unchanged", true, "Passed")]
    [InlineData("NotComputable", true, "NoVerdict")]
    public void OfVerdict_SuiteVerdict_CountsAsTheCaseFails(string verdict, bool inconclusiveFails, string outcome)
    {
        Assert.Equal(Enum.Parse<RunOutcome>(outcome), RunOutcomes.OfVerdict(verdict, inconclusiveFails));
    }
}
