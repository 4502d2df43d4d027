using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;

namespace Regression.LoadGeneration.Tests;

public sealed class LoadGeneratorSettingsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndAsUpstream()
    {
        var settings = new LoadGeneratorSettings();
        var problems = new List<string>();

        settings.Validate("LoadGenerator", problems);

        Assert.Empty(problems);
        Assert.False(settings.Streaming);
        Assert.Equal("benchmark", settings.FilePrefix);
        Assert.Equal("vllm", settings.Backend);
        Assert.Equal(2048, settings.NoGcBudgetMegabytes);
    }

    [Theory]
    [InlineData("RequestTimeout", "LoadGenerator:RequestTimeout = 00:00:00")]
    [InlineData("RequestTimeoutHuge", "LoadGenerator:RequestTimeout = 10675199.02:48:05.4775807: must be a positive duration of at most 1.00:00:00.")]
    [InlineData("MaxConnections", "LoadGenerator:MaxConnections = 0")]
    [InlineData("MaxConnectionsHuge", "LoadGenerator:MaxConnections = 1000000: must be a whole number of at least 1 and at most 65535.")]
    [InlineData("SpinWindow", "LoadGenerator:SpinWindow = -00:00:00.001")]
    [InlineData("ErrorRetries", "LoadGenerator:ErrorRetries = -1")]
    [InlineData("ErrorRetriesHuge", "LoadGenerator:ErrorRetries = 2147483647: must be a whole number of at least 0 and at most 100.")]
    [InlineData("SyntheticDatasetSize", "LoadGenerator:SyntheticDatasetSize = 5")]
    [InlineData("NoGcBudgetMegabytes", "LoadGenerator:NoGcBudgetMegabytes = 9000: must be a whole number of at least 0 and at most 8192.")]
    [InlineData("NoGcBudgetMegabytesNegative", "LoadGenerator:NoGcBudgetMegabytes = -1: must be a whole number of at least 0 and at most 8192.")]
    [InlineData("FilePrefix", "LoadGenerator:FilePrefix = 'a/b'")]
    [InlineData("Backend", "LoadGenerator:Backend = 'my-backend'")]
    public void Validate_BadValue_NamesKeyAndValue(string key, string expected)
    {
        var settings = key switch
        {
            "RequestTimeout" => new LoadGeneratorSettings { RequestTimeout = TimeSpan.Zero },
            "RequestTimeoutHuge" => new LoadGeneratorSettings { RequestTimeout = TimeSpan.MaxValue },
            "MaxConnectionsHuge" => new LoadGeneratorSettings { MaxConnections = 1_000_000 },
            "ErrorRetriesHuge" => new LoadGeneratorSettings { ErrorRetries = int.MaxValue },
            "NoGcBudgetMegabytesNegative" => new LoadGeneratorSettings { NoGcBudgetMegabytes = -1 },
            "MaxConnections" => new LoadGeneratorSettings { MaxConnections = 0 },
            "SpinWindow" => new LoadGeneratorSettings { SpinWindow = TimeSpan.FromMilliseconds(-1) },
            "ErrorRetries" => new LoadGeneratorSettings { ErrorRetries = -1 },
            "SyntheticDatasetSize" => new LoadGeneratorSettings { SyntheticDatasetSize = 5 },
            "NoGcBudgetMegabytes" => new LoadGeneratorSettings { NoGcBudgetMegabytes = 9000 },
            "FilePrefix" => new LoadGeneratorSettings { FilePrefix = "a/b" },
            _ => new LoadGeneratorSettings { Backend = "my-backend" },
        };
        var problems = new List<string>();

        settings.Validate("LoadGenerator", problems);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void LoadGenerator_InvalidSettings_AreRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new LoadGenerator(new Uri("http://127.0.0.1:1/"), new LoadGeneratorSettings { MaxConnections = 0 }));

        Assert.Contains("MaxConnections = 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_SettingsFileKeys_FillTheSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LoadGenerator:Streaming"] = "true",
            ["LoadGenerator:RequestTimeout"] = "00:01:30",
            ["LoadGenerator:SpinWindow"] = "00:00:00.0005",
            ["LoadGenerator:SyntheticDatasetSize"] = "200",
            ["LoadGenerator:NoGcBudgetMegabytes"] = "0",
        }).Build();

        var settings = SettingsLoader.Bind(configuration, Path.GetTempPath(), "test").LoadGenerator;

        Assert.True(settings.Streaming);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.RequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(0.5), settings.SpinWindow);
        Assert.Equal(200, settings.SyntheticDatasetSize);
        Assert.Equal(0, settings.NoGcBudgetMegabytes);
    }
}
