using Regression.Core.Settings;
using Regression.Environments.K3s;
using Regression.Environments.Tests.Docker;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.K3s;

public sealed class K3sContainerPlanTests
{
    [Fact]
    public void FromSettings_Defaults_PinsTheImageFromSettingsAndMapsNoManifest()
    {
        var settings = new K3sSettings();

        var plan = K3sContainerPlan.FromSettings(settings, path => path);

        Assert.Equal(settings.Image, plan.Image);
        Assert.DoesNotContain(":latest", plan.Image, StringComparison.Ordinal);
        Assert.Equal(settings.StartTimeout, plan.StartTimeout);
        Assert.Empty(plan.ClusterManifests);
    }

    [Fact]
    public void FromSettings_ClusterManifestsFolder_MapsItsYamlFilesInNameOrder()
    {
        using var folder = new TemporaryFolder();
        folder.WriteFile("cluster/b-gateway.yaml", "kind: Gateway\n");
        folder.WriteFile("cluster/a-crds.yml", "kind: CustomResourceDefinition\n");
        folder.WriteFile("cluster/notes.txt", "not a manifest\n");

        var plan = K3sContainerPlan.FromSettings(new K3sSettings { ClusterManifestsFolder = "cluster" }, path => Path.Combine(folder.Path, path));

        Assert.Equal([folder.Combine("cluster", "a-crds.yml"), folder.Combine("cluster", "b-gateway.yaml")], plan.ClusterManifests);
    }

    [Theory]
    [InlineData(false, "does not exist")]
    [InlineData(true, "holds no .yaml or .yml file")]
    public void FromSettings_UnusableClusterManifestsFolder_FailsNamingTheKey(bool create, string expected)
    {
        using var folder = new TemporaryFolder();
        if (create)
        {
            Directory.CreateDirectory(folder.Combine("cluster"));
        }

        var failure = Assert.Throws<EnvironmentException>(() => K3sContainerPlan.FromSettings(new K3sSettings { ClusterManifestsFolder = "cluster" }, path => Path.Combine(folder.Path, path)));

        Assert.StartsWith("K3s:ClusterManifestsFolder = 'cluster'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task ToBuilder_Build_CreatesAContainerOfThePinnedImage()
    {
        DockerAvailability.Require(DockerAvailability.EngineProblem);
        var settings = new K3sSettings { Image = "rancher/k3s:v1.31.4-k3s1@sha256:" + new string('a', 64) };

        var container = K3sContainerPlan.FromSettings(settings, path => path).ToBuilder().Build();
        await using var _ = container;

        Assert.Equal(settings.Image, container.Image.FullName);
        Assert.Equal("v1.31.4-k3s1", container.Image.Tag);
        Assert.Equal("sha256:" + new string('a', 64), container.Image.Digest);
    }
}
