using Regression.Core.Settings;

namespace Regression.Environments.Tests.K3s;

public sealed class K3sSettingsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblemAndPinTheK3sImageByDigest()
    {
        var settings = new K3sSettings();
        var problems = new List<string>();

        settings.Validate("K3s", problems);

        Assert.Empty(problems);
        Assert.StartsWith("rancher/k3s:v1.31.", settings.Image, StringComparison.Ordinal);
        Assert.Contains("@sha256:", settings.Image, StringComparison.Ordinal);
        Assert.Equal("regression-suite:local", settings.SimulatorImage);
    }

    [Theory]
    [InlineData("rancher/k3s:latest", "K3s:Image = 'rancher/k3s:latest': 'latest' is not a pin")]
    [InlineData("rancher/k3s", "K3s:Image = 'rancher/k3s': must be a pinned image reference")]
    [InlineData("", "K3s:Image = '': name a pinned image")]
    [InlineData("localhost:5000/k3s", "K3s:Image = 'localhost:5000/k3s': must be a pinned image reference")]
    public void Validate_UnpinnedK3sImage_IsNamed(string image, string expected)
    {
        var problems = new List<string>();

        (new K3sSettings() with { Image = image }).Validate("K3s", problems);

        Assert.Contains(problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadValues_AreEachNamed()
    {
        var settings = new K3sSettings
        {
            SimulatorImage = "regression-suite:latest",
            SimulatorCommand = ["regression-entrypoint", " "],
            ClusterManifestsFolder = "",
            StartTimeout = TimeSpan.Zero,
            ImportTimeout = TimeSpan.FromSeconds(-1),
        };
        var problems = new List<string>();

        settings.Validate("K3s", problems);

        Assert.Equal(5, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("K3s:SimulatorImage = 'regression-suite:latest'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("K3s:SimulatorCommand = ['regression-entrypoint', ' ']", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("K3s:ClusterManifestsFolder is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("K3s:StartTimeout = 00:00:00", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("K3s:ImportTimeout = -00:00:01", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_K3sSection_BindsEveryKey()
    {
        using var folder = new Regression.Tests.Shared.TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """
            { "K3s": { "Image": "rancher/k3s:v1.31.4-k3s1", "SimulatorImage": "ghcr.io/llm-d/llm-d-inference-sim:v0.5.0",
                       "SimulatorCommand": [], "ImportLocalImages": false, "ClusterManifestsFolder": "cluster", "StartTimeout": "00:02:00" } }
            """);

        var settings = SettingsLoader.Load(file).K3s;

        Assert.Equal("rancher/k3s:v1.31.4-k3s1", settings.Image);
        Assert.Equal("ghcr.io/llm-d/llm-d-inference-sim:v0.5.0", settings.SimulatorImage);
        Assert.Empty(settings.SimulatorCommand);
        Assert.False(settings.ImportLocalImages);
        Assert.Equal("cluster", settings.ClusterManifestsFolder);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.StartTimeout);
    }
}
