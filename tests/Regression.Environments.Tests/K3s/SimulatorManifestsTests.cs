using k8s.Models;
using Regression.Core.Settings;
using Regression.Environments.K3s;
using Regression.Environments.Kubernetes.Manifests;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.K3s;

public sealed class SimulatorManifestsTests
{
    private const string Namespace = "regression-k3s00";

    [Fact]
    public void Write_MultiLora_RendersTheSimulatorInPlaceOfVllmWithTheCasesArguments()
    {
        using var folder = new TemporaryFolder();
        var caseSettings = new CasesSettings().MultiLora with { Models = ["adapter-0", "adapter-1"], TrafficSplit = [], MaxLoras = 2 };
        var k3s = new K3sSettings();

        var server = RenderServer(folder, RegressionCase.MultiLora, caseSettings, k3s);

        Assert.Equal(k3s.SimulatorImage, server.Image);
        Assert.Equal("IfNotPresent", server.ImagePullPolicy);
        Assert.Equal(["regression-entrypoint", "vllm"], server.Command);
        Assert.Equal(
            ["--model", caseSettings.BaseModel, "--port", "8000", "--max-loras", "2", "--lora-modules", """{"name":"adapter-0"}""", """{"name":"adapter-1"}"""],
            server.Args);
        Assert.Null(server.Resources);
    }

    [Fact]
    public void Write_SingleWorkloadWithLlmdSimulator_UsesTheImagesOwnEntryPoint()
    {
        using var folder = new TemporaryFolder();
        var caseSettings = new CasesSettings().SingleWorkload;
        var k3s = new K3sSettings { SimulatorImage = "ghcr.io/llm-d/llm-d-inference-sim:v0.5.0", SimulatorCommand = [] };

        var server = RenderServer(folder, RegressionCase.SingleWorkload, caseSettings, k3s);

        Assert.Equal(k3s.SimulatorImage, server.Image);
        Assert.Null(server.Command);
        Assert.Equal(["--model", caseSettings.BaseModel, "--port", "8000", "--max-loras", "3"], server.Args);
    }

    [Fact]
    public void Write_LoadGenerator_TakesTheLocalImageAndNoFixedResources()
    {
        using var folder = new TemporaryFolder();
        SimulatorManifests.Write(RepositoryFiles.Path("manifests"), folder.Path, RegressionCase.SingleWorkload, new CasesSettings().SingleWorkload, new K3sSettings());
        var settings = new KubernetesSettings { LoadGenerator = KubernetesLoadGeneratorKind.Suite, SuiteGeneratorImage = "regression-suite:local" };
        var plan = new KubernetesRunPlan(RegressionCase.SingleWorkload, new CasesSettings().SingleWorkload, settings, Namespace);

        var generator = new CaseManifestRenderer(folder.Path).RenderLoadGenerator(plan, "192.0.2.10").Spec.Template.Spec.Containers.Single();

        Assert.Equal("regression-suite:local", generator.Image);
        Assert.Equal("IfNotPresent", generator.ImagePullPolicy);
        Assert.Null(generator.Resources);
        Assert.Equal(["kubernetes-pod"], generator.Args);
    }

    [Fact]
    public void Write_OtherManifests_AreCopiedUnchanged()
    {
        using var folder = new TemporaryFolder();

        SimulatorManifests.Write(RepositoryFiles.Path("manifests"), folder.Path, RegressionCase.MultiLora, new CasesSettings().MultiLora, new K3sSettings());

        foreach (var file in ManifestFiles.All.Except([ManifestFiles.VllmMultiLora, ManifestFiles.LpgLoadGenerator, ManifestFiles.SuiteLoadGenerator]))
        {
            Assert.Equal(File.ReadAllText(RepositoryFiles.Path("manifests", file)), File.ReadAllText(folder.Combine(file)));
        }
    }

    [Fact]
    public void Write_MissingManifest_FailsNamingIt()
    {
        using var source = new TemporaryFolder();
        using var target = new TemporaryFolder();

        var failure = Assert.Throws<EnvironmentException>(() => SimulatorManifests.Write(source.Path, target.Path, RegressionCase.MultiLora, new CasesSettings().MultiLora, new K3sSettings()));

        Assert.Contains(ManifestFiles.All[0], failure.Message, StringComparison.Ordinal);
    }

    // Writes the copy, then renders it as the Kubernetes environment does, and returns the model-server container.
    private static V1Container RenderServer(TemporaryFolder folder, RegressionCase regressionCase, CaseSettings caseSettings, K3sSettings k3s)
    {
        SimulatorManifests.Write(RepositoryFiles.Path("manifests"), folder.Path, regressionCase, caseSettings, k3s);
        var settings = new KubernetesSettings { VllmImage = k3s.SimulatorImage, LpgImage = "lpg:46d6382" };
        var infrastructure = new CaseManifestRenderer(folder.Path).RenderInfrastructure(new KubernetesRunPlan(regressionCase, caseSettings, settings, Namespace));
        var deployment = infrastructure.Objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "vllm-llama3-8b-instruct");
        Assert.Equal(caseSettings.Replicas, deployment.Spec.Replicas);
        return deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "vllm");
    }
}
