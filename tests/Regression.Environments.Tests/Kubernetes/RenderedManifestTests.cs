using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Regression.Core.Settings;
using Regression.Environments.Kubernetes.Manifests;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>
/// The rendered objects of both cases, checked exactly against committed snapshots
/// (<c>Rendered/*.verified.json</c>); a difference writes <c>*.received.json</c> beside it to compare and accept by hand.
/// </summary>
public sealed class RenderedManifestTests
{
    private const string Namespace = "regression-test0";
    private const string GatewayAddress = "192.0.2.10";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Theory]
    [InlineData(RegressionCase.SingleWorkload, "single-workload")]
    [InlineData(RegressionCase.MultiLora, "multi-lora")]
    public void Render_Case_MatchesTheVerifiedObjects(RegressionCase regressionCase, string snapshot)
    {
        var plan = new KubernetesRunPlan(regressionCase, new CasesSettings().For(regressionCase), new KubernetesSettings { LpgImage = KubernetesTestBed.LpgImage }, Namespace);
        var renderer = new CaseManifestRenderer(RepositoryFiles.Path("manifests"));
        var infrastructure = renderer.RenderInfrastructure(plan);
        var objects = infrastructure.Objects.Append(renderer.RenderLoadGenerator(plan, GatewayAddress));

        var rendered = new JsonArray(objects.Select(o => JsonNode.Parse(KubernetesJson.Serialize(o))).ToArray()).ToJsonString(Indented) + "\n";

        var verified = RepositoryFiles.Path("tests", "Regression.Environments.Tests", "Kubernetes", "Rendered", $"{snapshot}.verified.json");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : string.Empty;
        if (expected != rendered)
        {
            File.WriteAllText(Path.ChangeExtension(verified, null).Replace(".verified", ".received", StringComparison.Ordinal) + ".json", rendered);
        }

        Assert.Equal(expected, rendered);
        Assert.Equal(["vllm-llama3-8b-instruct", "vllm-llama3-8b-instruct-epp"], infrastructure.Deployments);
    }

    [Fact]
    public void Render_SingleWorkloadWithAnAdapter_FailsNamingTheManifest()
    {
        var caseSettings = new CasesSettings().SingleWorkload with { Models = ["meta-llama/Llama-3.1-8B-Instruct", "adapter-0"] };
        var plan = new KubernetesRunPlan(RegressionCase.SingleWorkload, caseSettings, new KubernetesSettings(), Namespace);

        var failure = Assert.Throws<EnvironmentException>(() => new CaseManifestRenderer(RepositoryFiles.Path("manifests")).RenderInfrastructure(plan));

        Assert.StartsWith("vllm-single-workload.yaml serves only the base model", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MultiLoraWithAnUnknownAdapter_FailsNamingTheConfigMap()
    {
        var caseSettings = new CasesSettings().MultiLora with { Models = ["adapter-0", "adapter-15"], TrafficSplit = [0.5, 0.5] };
        var plan = new KubernetesRunPlan(RegressionCase.MultiLora, caseSettings, new KubernetesSettings(), Namespace);

        var failure = Assert.Throws<EnvironmentException>(() => new CaseManifestRenderer(RepositoryFiles.Path("manifests")).RenderInfrastructure(plan));

        Assert.StartsWith("vllm-multi-lora.yaml: ConfigMap vllm-llama3-8b-instruct-adapters makes the replicas load adapter-0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("also requests adapter-15", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderLoadGenerator_SingleWorkload_LeavesTrafficSplitUnsetAsUpstream()
    {
        var plan = new KubernetesRunPlan(RegressionCase.SingleWorkload, new CasesSettings().SingleWorkload, new KubernetesSettings { LpgImage = KubernetesTestBed.LpgImage }, Namespace);

        var deployment = new CaseManifestRenderer(RepositoryFiles.Path("manifests")).RenderLoadGenerator(plan, GatewayAddress);

        var env = deployment.Spec.Template.Spec.Containers.Single().Env;
        Assert.Equal(
            ["IP", "REQUEST_RATES", "BENCHMARK_TIME_SECONDS", "TOKENIZER", "MODELS", "BACKEND", "PORT", "INPUT_LENGTH", "OUTPUT_LENGTH", "FILE_PREFIX", "PROMPT_DATASET_FILE", "HF_TOKEN"],
            env.Select(e => e.Name));
        Assert.Equal("hf-token", env.Single(e => e.Name == "HF_TOKEN").ValueFrom.SecretKeyRef.Name);
        Assert.Equal(new ResourceQuantity("20Gi"), deployment.Spec.Template.Spec.Containers.Single().Resources.Limits["memory"]);
    }
}
