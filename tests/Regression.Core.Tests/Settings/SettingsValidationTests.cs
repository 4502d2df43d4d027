using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Settings;

public sealed class SettingsValidationTests
{
    [Fact]
    public void Load_SeveralInvalidValues_ReportsEveryOneWithKeyAndValue()
    {
        var error = LoadInvalid("""
            {
              "Cases": {
                "MultiLora": { "TrafficSplit": [ 0.5, 0.4 ], "Models": [ "a", "b", "c" ], "SecondsPerRate": 0 },
                "SingleWorkload": { "RequestRates": [ 300, 310, 300 ], "Replicas": "ten" }
              },
              "Environment": { "Kind": "Cloud" }
            }
            """);

        Assert.Contains(error.Problems, p => p.StartsWith("Cases:MultiLora:TrafficSplit = [0.5, 0.4]: sums to 0.9", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Cases:MultiLora:TrafficSplit = [0.5, 0.4]: has 2 weights for 3 models", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Cases:MultiLora:SecondsPerRate = 0:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Cases:SingleWorkload:RequestRates = [300, 310, 300]: 300 appears 2 times", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Cases:SingleWorkload:Replicas = 'ten': expected a whole number", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("Environment:Kind = 'Cloud': expected one of Embedded, Endpoint, Kubernetes, K3s", StringComparison.Ordinal));
        Assert.Equal(6, error.Problems.Count);
    }

    [Fact]
    public void Load_EmptyRates_IsReported()
    {
        var error = LoadInvalid("""{ "Cases": { "SingleWorkload": { "RequestRates": [] } } }""");

        Assert.Equal(["Cases:SingleWorkload:RequestRates is empty: list at least one request rate."], error.Problems);
    }

    [Theory]
    [InlineData("""{ "Cases": { "Triple": {} } }""", "Cases:Triple: unknown key (known keys here: MultiLora, SingleWorkload).")]
    [InlineData("""{ "Analysis": { "P90Latency": { "Tolerance": 0.1 } } }""", "Analysis:P90Latency:Tolerance: unknown key (known keys here: MinRSquared, MinWorseRates, RelativeTolerance).")]
    [InlineData("""{ "Extra": 1 }""", "Extra: unknown key")]
    public void Load_UnknownKey_NamesTheFullKey(string json, string expectedStart)
    {
        var error = LoadInvalid(json);

        Assert.Single(error.Problems);
        Assert.StartsWith(expectedStart, error.Problems[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Cases": { "SingleWorkload": { "Models": [ "m", "m" ] } } }""", "'m' appears 2 times")]
    [InlineData("""{ "Cases": { "SingleWorkload": { "MaxInputLength": 3 } } }""", "Cases:SingleWorkload:MaxInputLength = 3: must be a whole number of at least 4 and at most 131072.")]
    [InlineData("""{ "Cases": { "SingleWorkload": { "RequestRates": [ -1 ] } } }""", "Cases:SingleWorkload:RequestRates = [-1]: -1 is outside the accepted range; each must be a finite number greater than 0 and at most 100000.")]
    [InlineData("""{ "Cases": { "SingleWorkload": { "RequestRates": [ 0.01 ], "SecondsPerRate": 10 } } }""", "0.01 req/s for 10 s sends no request")]
    [InlineData("""{ "Cases": { "SingleWorkload": { "RequestRates": "300,abc" } } }""", "Cases:SingleWorkload:RequestRates:1 = 'abc': expected a finite number")]
    [InlineData("""{ "Environment": { "Kind": "Endpoint" } }""", "Environment:EndpointUrl is not set")]
    [InlineData("""{ "Environment": { "EndpointUrl": "ftp://x" } }""", "Environment:EndpointUrl = 'ftp://x/': must be an absolute http")]
    [InlineData("""{ "Environment": { "BaselineProfile": "../x" } }""", "Environment:BaselineProfile = '../x'")]
    [InlineData("""{ "Analysis": { "Confidence": 1 } }""", "Analysis:Confidence = 1:")]
    [InlineData("""{ "Analysis": { "P90Latency": { "MinRSquared": 1.5 } } }""", "Analysis:P90Latency:MinRSquared = 1.5:")]
    [InlineData("""{ "Environment": { "Kind": "1" } }""", "Environment:Kind = '1': expected one of")]
    [InlineData("""{ "Cases": { "SingleWorkload": 5 } }""", "Cases:SingleWorkload = '5': expected a section of keys, found a value.")]
    public void Load_InvalidValue_NamesKeyAndValue(string json, string expected)
    {
        var error = LoadInvalid(json);

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static SettingsException LoadInvalid(string json)
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", json);
        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file));
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        return error;
    }
}
