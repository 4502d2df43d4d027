using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;

namespace Regression.Simulation.Tests.Gateway;

public sealed class GatewaySettingsTests
{
    private static List<string> Problems(GatewaySettings settings)
    {
        var problems = new List<string>();
        settings.Validate("Gateway", problems);
        return problems;
    }

    [Fact]
    public void Defaults_AreTheEppDefaultsAndValid()
    {
        var settings = new GatewaySettings();

        Assert.Empty(Problems(settings));
        Assert.Equal(RoutingPolicyKind.EndpointPicker, settings.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(50), settings.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.ReadinessTimeout);
        Assert.Equal(5, settings.QueueThresholdCritical);
        Assert.Equal(0.8, settings.KvCacheThreshold);
        Assert.Equal(128, settings.QueueingThresholdLora);
        Assert.Equal(0.999, settings.LoraAffinityThreshold);
        Assert.Empty(settings.StandardModels);
        Assert.Empty(settings.SheddableModels);
    }

    [Theory]
    [InlineData("Policy", "Gateway:Policy = 7: must be one of EndpointPicker, RoundRobin.")]
    [InlineData("ScrapeInterval", "Gateway:ScrapeInterval = 00:00:00: must be a duration of at least 00:00:00.001 and at most 00:01:00.")]
    [InlineData("ScrapeIntervalHuge", "Gateway:ScrapeInterval = 10675199.02:48:05.4775807: must be a duration of at least 00:00:00.001 and at most 00:01:00.")]
    [InlineData("ScrapeTimeout", "Gateway:ScrapeTimeout = -00:00:01: must be a positive duration")]
    [InlineData("ReadinessTimeout", "Gateway:ReadinessTimeout = 00:00:00: must be a positive duration")]
    [InlineData("ReadinessTimeoutHuge", "Gateway:ReadinessTimeout = 100.00:00:00: must be a positive duration of at most 01:00:00.")]
    [InlineData("ForwardActivityTimeout", "Gateway:ForwardActivityTimeout = 00:00:00: must be a positive duration")]
    [InlineData("ForwardActivityTimeoutHuge", "Gateway:ForwardActivityTimeout = 30.00:00:00: must be a positive duration of at most 1.00:00:00.")]
    [InlineData("ModelsCacheDuration", "Gateway:ModelsCacheDuration = -00:00:01: must be a duration of at least 00:00:00 and at most 01:00:00.")]
    [InlineData("QueueThresholdCritical", "Gateway:QueueThresholdCritical = -1: must be a whole number of at least 0 and at most 10000000.")]
    [InlineData("QueueThresholdCriticalHuge", "Gateway:QueueThresholdCritical = 2147483647: must be a whole number of at least 0 and at most 10000000.")]
    [InlineData("QueueingThresholdLora", "Gateway:QueueingThresholdLora = -3: must be a whole number of at least 0 and at most 10000000.")]
    [InlineData("KvCacheThreshold", "Gateway:KvCacheThreshold = 1.5: must be a finite number of at least 0 and at most 1.")]
    [InlineData("KvCacheThresholdNaN", "Gateway:KvCacheThreshold = NaN: must be a finite number of at least 0 and at most 1.")]
    [InlineData("LoraAffinityThreshold", "Gateway:LoraAffinityThreshold = -0.1: must be a finite number of at least 0 and at most 1.")]
    [InlineData("StandardModels", "Gateway:StandardModels = [' ']: contains an empty name.")]
    [InlineData("SheddableModels", "Gateway:SheddableModels = ['adapter-1']: 'adapter-1' is also in StandardModels")]
    public void Validate_BadValue_NamesKeyAndValue(string key, string expected)
    {
        var settings = key switch
        {
            "Policy" => new GatewaySettings { Policy = (RoutingPolicyKind)7 },
            "ScrapeInterval" => new GatewaySettings { ScrapeInterval = TimeSpan.Zero },
            "ScrapeIntervalHuge" => new GatewaySettings { ScrapeInterval = TimeSpan.MaxValue },
            "ReadinessTimeoutHuge" => new GatewaySettings { ReadinessTimeout = TimeSpan.FromDays(100) },
            "ForwardActivityTimeoutHuge" => new GatewaySettings { ForwardActivityTimeout = TimeSpan.FromDays(30) },
            "QueueThresholdCriticalHuge" => new GatewaySettings { QueueThresholdCritical = int.MaxValue },
            "KvCacheThresholdNaN" => new GatewaySettings { KvCacheThreshold = double.NaN },
            "ScrapeTimeout" => new GatewaySettings { ScrapeTimeout = TimeSpan.FromSeconds(-1) },
            "ReadinessTimeout" => new GatewaySettings { ReadinessTimeout = TimeSpan.Zero },
            "ForwardActivityTimeout" => new GatewaySettings { ForwardActivityTimeout = TimeSpan.Zero },
            "ModelsCacheDuration" => new GatewaySettings { ModelsCacheDuration = TimeSpan.FromSeconds(-1) },
            "QueueThresholdCritical" => new GatewaySettings { QueueThresholdCritical = -1 },
            "QueueingThresholdLora" => new GatewaySettings { QueueingThresholdLora = -3 },
            "KvCacheThreshold" => new GatewaySettings { KvCacheThreshold = 1.5 },
            "LoraAffinityThreshold" => new GatewaySettings { LoraAffinityThreshold = -0.1 },
            "StandardModels" => new GatewaySettings { StandardModels = [" "] },
            _ => new GatewaySettings { StandardModels = ["adapter-1"], SheddableModels = ["adapter-1"] },
        };

        var problem = Assert.Single(Problems(settings));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_GatewaySection_BindsEveryKind()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:Policy"] = "RoundRobin",
            ["Gateway:ScrapeInterval"] = "00:00:00.100",
            ["Gateway:KvCacheThreshold"] = "0.7",
            ["Gateway:SheddableModels:0"] = "adapter-13",
            ["Gateway:SheddableModels:1"] = "adapter-14",
        }).Build();

        var gateway = SettingsLoader.Bind(configuration, Path.GetTempPath(), "test").Gateway;

        Assert.Equal(RoutingPolicyKind.RoundRobin, gateway.Policy);
        Assert.Equal(TimeSpan.FromMilliseconds(100), gateway.ScrapeInterval);
        Assert.Equal(0.7, gateway.KvCacheThreshold);
        Assert.Equal(["adapter-13", "adapter-14"], gateway.SheddableModels);
    }

    [Fact]
    public void Loader_BadGatewayValue_IsReportedWithItsKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:LoraAffinityThreshold"] = "2",
        }).Build();

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Bind(configuration, Path.GetTempPath(), "test"));

        Assert.Contains("Gateway:LoraAffinityThreshold = 2: must be a finite number of at least 0 and at most 1.", error.Problems);
    }
}
