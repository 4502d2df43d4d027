using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;

namespace Regression.Core.Tests.Settings;

/// <summary>
/// Values that used to be accepted and then crashed or hung the suite: each is now refused with
/// its key, its value and the accepted range.
/// </summary>
public sealed class SettingBoundsTests
{
    [Theory]
    [InlineData("Cases:SingleWorkload:SecondsPerRate", "1e7", "Cases:SingleWorkload:SecondsPerRate = 10000000: must be a finite number greater than 0 and at most 3600.")]
    [InlineData("Cases:SingleWorkload:RequestRates", "1e9", "Cases:SingleWorkload:RequestRates = [1000000000]: 1000000000 is outside the accepted range")]
    [InlineData("Cases:MultiLora:Replicas", "100000", "Cases:MultiLora:Replicas = 100000: must be a whole number of at least 1 and at most 256.")]
    [InlineData("Cases:MultiLora:MaxLoras", "100000", "Cases:MultiLora:MaxLoras = 100000:")]
    [InlineData("Cases:SingleWorkload:MaxInputLength", "2147483647", "Cases:SingleWorkload:MaxInputLength = 2147483647:")]
    [InlineData("Cases:SingleWorkload:MaxOutputLength", "2147483647", "Cases:SingleWorkload:MaxOutputLength = 2147483647:")]
    [InlineData("Simulator:MaxNumSeqs", "2147483647", "Simulator:MaxNumSeqs = 2147483647:")]
    [InlineData("Simulator:MaxWaitingRequests", "2147483647", "Simulator:MaxWaitingRequests = 2147483647:")]
    [InlineData("Simulator:StepBaseMilliseconds", "1e308", "Simulator:StepBaseMilliseconds = 1E+308: must be a finite number of at least 0.001 and at most 60000.")]
    [InlineData("Simulator:RequestOverheadMilliseconds", "1e9", "Simulator:RequestOverheadMilliseconds = 1000000000:")]
    [InlineData("Simulator:AdapterLoadGigabytesPerSecond", "1e-300", "Simulator:AdapterLoadGigabytesPerSecond = 1E-300:")]
    [InlineData("Simulator:OutputLengthSpread", "1e308", "Simulator:OutputLengthSpread = 1E+308:")]
    [InlineData("Simulator:LoraRank", "2147483647", "Simulator:LoraRank = 2147483647:")]
    [InlineData("Gateway:ScrapeInterval", "00:00:00.0000001", "Gateway:ScrapeInterval = 00:00:00.0000001: must be a duration of at least 00:00:00.001 and at most 00:01:00.")]
    [InlineData("Gateway:ReadinessTimeout", "10675199.02:48:05.4775807", "Gateway:ReadinessTimeout = 10675199.02:48:05.4775807: must be a positive duration of at most 01:00:00.")]
    [InlineData("Gateway:ForwardActivityTimeout", "10000.00:00:00", "Gateway:ForwardActivityTimeout = 10000.00:00:00:")]
    [InlineData("Gateway:QueueThresholdCritical", "2147483647", "Gateway:QueueThresholdCritical = 2147483647:")]
    [InlineData("LoadGenerator:RequestTimeout", "10000.00:00:00", "LoadGenerator:RequestTimeout = 10000.00:00:00: must be a positive duration of at most 1.00:00:00.")]
    [InlineData("LoadGenerator:MaxConnections", "1000000", "LoadGenerator:MaxConnections = 1000000:")]
    [InlineData("LoadGenerator:ErrorRetries", "2147483647", "LoadGenerator:ErrorRetries = 2147483647:")]
    [InlineData("Kubernetes:RunTimeoutFactor", "1e308", "Kubernetes:RunTimeoutFactor = 1E+308:")]
    [InlineData("Kubernetes:RunTimeoutMargin", "10000.00:00:00", "Kubernetes:RunTimeoutMargin = 10000.00:00:00:")]
    [InlineData("Kubernetes:DeploymentReadyTimeout", "10675199.00:00:00", "Kubernetes:DeploymentReadyTimeout = 10675199.00:00:00:")]
    [InlineData("Kubernetes:RetryInterval", "10000.00:00:00", "Kubernetes:RetryInterval = 10000.00:00:00:")]
    [InlineData("Kubernetes:MaxStreamRetries", "2147483647", "Kubernetes:MaxStreamRetries = 2147483647:")]
    [InlineData("K3s:StartTimeout", "10675199.00:00:00", "K3s:StartTimeout = 10675199.00:00:00:")]
    [InlineData("K3s:ImportTimeout", "10675199.00:00:00", "K3s:ImportTimeout = 10675199.00:00:00:")]
    [InlineData("Analysis:P90Latency:RelativeTolerance", "1e308", "Analysis:P90Latency:RelativeTolerance = 1E+308:")]
    [InlineData("Analysis:P90Latency:MinRSquared", "-1e308", "Analysis:P90Latency:MinRSquared = -1E+308:")]
    [InlineData("Analysis:PromptsAttempted:MinWorseRates", "2147483647", "Analysis:PromptsAttempted:MinWorseRates = 2147483647:")]
    [InlineData("Checks:MaxSendLagP99", "10675199.00:00:00", "Checks:MaxSendLagP99 = 10675199.00:00:00:")]
    [InlineData("Baselines:RecordRuns", "2147483647", "Baselines:RecordRuns = 2147483647: must be a whole number of at least 1 and at most 100.")]
    public void Load_ValueAboveItsBound_IsReportedWithKeyValueAndRange(string key, string value, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.Contains(error.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_RateTimesSecondsAboveTheRequestBound_IsReportedWithTheCount()
    {
        // 350 req/s is upstream's heaviest rate; for an hour that is 1,260,000 requests, above the 1,050,000 a rate may send.
        var error = Assert.Throws<SettingsException>(() => Load(("Cases:SingleWorkload:RequestRates", "100,350"), ("Cases:SingleWorkload:SecondsPerRate", "3600")));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("Cases:SingleWorkload:RequestRates = [100, 350]: 350 req/s for 3600 s (SecondsPerRate) sends 1260000 requests; at most 1050000 per rate", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UpstreamHeaviestPointAtTenTimesItsDuration_IsAccepted()
    {
        var settings = Load(("Cases:SingleWorkload:RequestRates", "350"), ("Cases:SingleWorkload:SecondsPerRate", "3000"));

        Assert.Equal(CaseSettings.MaximumRequestsPerRate, settings.Cases.SingleWorkload.RequestCount(350));
    }

    [Fact]
    public void Load_TooManyRates_IsReported()
    {
        var rates = string.Join(",", Enumerable.Range(1, CaseSettings.MaximumRequestRates + 1));

        var error = Assert.Throws<SettingsException>(() => Load(("Cases:MultiLora:RequestRates", rates)));

        Assert.Contains("Cases:MultiLora:RequestRates has 101 rates: at most 100 (each is a whole run of SecondsPerRate).", error.Problems);
    }

    [Theory]
    [InlineData("Cases:SingleWorkload:Replicas", "99999999999", "Cases:SingleWorkload:Replicas = '99999999999': expected a whole number of at least 1 and at most 256.")]
    [InlineData("Simulator:StepBaseMilliseconds", "NaN", "Simulator:StepBaseMilliseconds = 'NaN': expected a finite number of at least 0.001 and at most 60000 (use '.' for decimals).")]
    [InlineData("Gateway:KvCacheThreshold", "Infinity", "Gateway:KvCacheThreshold = 'Infinity': expected a finite number of at least 0 and at most 1 (use '.' for decimals).")]
    public void Load_ValueThatIsNotANumberOfItsKind_NamesTheAcceptedRange(string key, string value, string expected)
    {
        var error = Assert.Throws<SettingsException>(() => Load((key, value)));

        Assert.Equal([expected], error.Problems);
    }

    private static SuiteSettings Load(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value))
            .Build();
        return SettingsLoader.Bind(configuration, Path.GetTempPath(), "test");
    }
}
