using k8s.Models;
using Regression.Environments.Kubernetes.Manifests;
using Regression.Environments.Kubernetes.Resources;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class ManifestLoaderTests
{
    public static TheoryData<string> Files => new(ManifestFiles.All);

    [Theory]
    [MemberData(nameof(Files))]
    public void LoadFile_EveryManifest_LoadsStrictlyIntoTypedObjects(string file)
    {
        var objects = ManifestLoader.LoadFile(RepositoryFiles.Path("manifests", file));

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(o.Metadata.Name)));
    }

    [Fact]
    public void LoadFile_Objectives_Holds16OfTheRightKind()
    {
        var objectives = ManifestLoader.LoadFile(RepositoryFiles.Path("manifests", ManifestFiles.InferenceObjectives));
        var models = ManifestLoader.LoadFile(RepositoryFiles.Path("manifests", ManifestFiles.InferenceModels));

        Assert.Equal(16, objectives.OfType<InferenceObjective>().Count());
        Assert.Equal(16, models.OfType<InferenceModel>().Count());
        Assert.All(objectives.OfType<InferenceObjective>(), o => Assert.Equal(2, o.Spec.Priority));
    }

    [Fact]
    public void LoadFile_UnknownField_FailsNamingTheFileLineAndField()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("bad.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 1\n  replicaz: 2\n");

        var failure = Assert.Throws<EnvironmentException>(() => ManifestLoader.LoadFile(file));

        Assert.StartsWith($"{file}: line 7, column 3: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'replicaz'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_UnknownFieldInCustomResource_FailsNamingIt()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("pool.yaml", "apiVersion: inference.networking.k8s.io/v1\nkind: InferencePool\nmetadata:\n  name: p\nspec:\n  targetPortNumber: 8000\n");

        var failure = Assert.Throws<EnvironmentException>(() => ManifestLoader.LoadFile(file));

        Assert.Contains("'targetPortNumber'", failure.Message, StringComparison.Ordinal);
        Assert.StartsWith(file, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_UnknownKind_FailsNamingTheKind()
    {
        var failure = Assert.Throws<EnvironmentException>(() => ManifestLoader.LoadText("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "widget.yaml"));

        Assert.StartsWith("widget.yaml: document 1 (line 1): unknown apiVersion/kind 'example.com/v1/Widget'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TrailingSeparator_FailsWithAHintInsteadOfACrash()
    {
        var failure = Assert.Throws<EnvironmentException>(() => ManifestLoader.LoadText("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n", "c.yaml"));

        Assert.Contains("document 2", failure.Message, StringComparison.Ordinal);
        Assert.Contains("stray '---'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_BuiltInKinds_AreTyped()
    {
        var objects = ManifestLoader.LoadText("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\n", "c.yaml");

        Assert.Equal("v", Assert.IsType<V1ConfigMap>(Assert.Single(objects)).Data["k"]);
    }
}
