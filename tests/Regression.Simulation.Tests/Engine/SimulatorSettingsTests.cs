using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;

namespace Regression.Simulation.Tests.Engine;

public sealed class SimulatorSettingsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems()
    {
        var problems = new List<string>();

        new SimulatorSettings().Validate("Simulator", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void Defaults_DescribeTheUpstreamDeploymentOnH100()
    {
        var settings = new SimulatorSettings();

        Assert.Equal(2048, settings.MaxNumSeqs);
        Assert.Equal(2048, settings.MaxModelLen);
        Assert.True(settings.ChunkedPrefill);
        Assert.Equal(8192, settings.MaxNumBatchedTokens);
        Assert.Equal(54L * 1024 * 1024 * 1024 / (128 * 1024), settings.KvCacheTokens);
    }

    [Theory]
    [InlineData("MaxNumSeqs", "0", "Simulator:MaxNumSeqs = 0")]
    [InlineData("MaxModelLen", "500000", "Simulator:KvCacheTokens = 442368")]
    [InlineData("MaxNumBatchedTokens", "100", "Simulator:MaxNumBatchedTokens = 100")]
    [InlineData("StepBaseMilliseconds", "0", "Simulator:StepBaseMilliseconds = 0")]
    [InlineData("PrefillPerTokenMicroseconds", "-1", "Simulator:PrefillPerTokenMicroseconds = -1")]
    [InlineData("OutputLengthMedianRatio", "0", "Simulator:OutputLengthMedianRatio = 0")]
    [InlineData("DecodeStallsDuringPrefill", "true", "Simulator:DecodeStallsDuringPrefill = true")]
    [InlineData("MaxNumSeqs", "2147483647", "Simulator:MaxNumSeqs = 2147483647: must be a whole number of at least 1 and at most 65536.")]
    [InlineData("MaxWaitingRequests", "2147483647", "Simulator:MaxWaitingRequests = 2147483647: must be a whole number of at least 1 and at most 10000000.")]
    [InlineData("KvCacheTokens", "2147483647", "Simulator:KvCacheTokens = 2147483647: must be a whole number of at least 2 and at most 100000000.")]
    [InlineData("MaxLoras", "100000", "Simulator:MaxLoras = 100000:")]
    [InlineData("StepBaseMilliseconds", "1e308", "Simulator:StepBaseMilliseconds = 1E+308: must be a finite number of at least 0.001 and at most 60000.")]
    [InlineData("StepPerContextTokenMicroseconds", "1e9", "Simulator:StepPerContextTokenMicroseconds = 1000000000:")]
    [InlineData("AdapterLoadGigabytesPerSecond", "1e-300", "Simulator:AdapterLoadGigabytesPerSecond = 1E-300: must be a finite number of at least 0.01 and at most 1000000.")]
    [InlineData("AdapterLoadMilliseconds", "1e308", "Simulator:AdapterLoadMilliseconds = 1E+308:")]
    [InlineData("OutputLengthSpread", "1e308", "Simulator:OutputLengthSpread = 1E+308:")]
    [InlineData("OutputLengthMedianRatio", "1e308", "Simulator:OutputLengthMedianRatio = 1E+308:")]
    public void Load_BadValue_ProblemNamesTheKeyAndTheValue(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"Simulator:{key}"] = value })
            .Build();

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Bind(configuration, ".", "test"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoChunkedPrefillWithABudgetBelowMaxModelLen_Refused()
    {
        var problems = new List<string>();

        new SimulatorSettings { ChunkedPrefill = false, MaxNumBatchedTokens = 2048, MaxNumSeqs = 256, MaxModelLen = 4096, KvCacheTokens = 8192 }
            .Validate("Simulator", problems);

        Assert.Contains(problems, p => p.StartsWith("Simulator:MaxNumBatchedTokens = 2048", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ValidOverrides_Bound()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:MaxNumSeqs"] = "128",
                ["Simulator:ChunkedPrefill"] = "false",
                ["Simulator:StepPerSequenceMicroseconds"] = "4.4",
            })
            .Build();

        var settings = SettingsLoader.Bind(configuration, ".", "test").Simulator;

        Assert.Equal(128, settings.MaxNumSeqs);
        Assert.False(settings.ChunkedPrefill);
        Assert.Equal(4.4, settings.StepPerSequenceMicroseconds);
    }
}
