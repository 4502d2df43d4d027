using Regression.Core.Settings;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class KubernetesSettingsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblem()
    {
        var problems = new List<string>();

        new KubernetesSettings().Validate("Kubernetes", problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void ProblemsForRun_NoLpgImage_NamesTheKey()
    {
        var problems = new KubernetesSettings().ProblemsForRun();

        Assert.StartsWith("Kubernetes:LpgImage is not set", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemsForRun_SuiteGeneratorWithoutImage_NamesItsKey()
    {
        var problems = new KubernetesSettings { LpgImage = "x/lpg:1", LoadGenerator = KubernetesLoadGeneratorKind.Suite }.ProblemsForRun();

        Assert.StartsWith("Kubernetes:SuiteGeneratorImage is not set", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("VllmImage", "vllm/vllm-openai:latest", "'latest' is not a pin")]
    [InlineData("VllmImage", "vllm/vllm-openai", "must be a pinned image reference")]
    [InlineData("LpgImage", "localhost:5000/lpg", "must be a pinned image reference")]
    [InlineData("NamespacePrefix", "Regression_", "must be 1-50 lowercase letters")]
    [InlineData("RunTimeoutFactor", "0.5", "must be a finite number of at least 1")]
    [InlineData("CleanupTimeout", "00:00:00", "must be a positive duration")]
    public void Validate_BadValue_NamesTheKeyAndTheValue(string key, string value, string expected)
    {
        var settings = key switch
        {
            "VllmImage" => new KubernetesSettings { VllmImage = value },
            "LpgImage" => new KubernetesSettings { LpgImage = value },
            "NamespacePrefix" => new KubernetesSettings { NamespacePrefix = value },
            "RunTimeoutFactor" => new KubernetesSettings { RunTimeoutFactor = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new KubernetesSettings { CleanupTimeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };
        var problems = new List<string>();

        settings.Validate("Kubernetes", problems);

        var problem = Assert.Single(problems);
        Assert.StartsWith($"Kubernetes:{key} = ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
