using System.Net;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using Regression.Core.Results;
using Regression.Environments.Kubernetes.LoadGenerator;
using Regression.Environments.Tests.Kubernetes;
using Regression.Simulation.Prometheus;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.Docker;

/// <summary>
/// This repository's image (tools/ci/docker.sh) run as containers: its <c>vllm</c> mode stands in
/// for a vLLM pod, and its <c>kubernetes-pod</c> command is the load generator pod whose log the
/// Kubernetes environment reads.
/// </summary>
public sealed class SuiteImageTests
{
    private const string BaseModel = "meta-llama/Llama-3.1-8B-Instruct";
    private const int VllmPort = 8000;

    // Bounds a hang (container start, a sweep of two one-second rates); not a timing assertion.
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [DockerFact(NeedsSuiteImage = true)]
    public async Task VllmMode_ServesHealthModelsMetricsAndCompletionsOnTheMappedPort()
    {
        DockerAvailability.Require(DockerAvailability.ImageProblem);
        using var guard = new CancellationTokenSource(Guard);
        var container = Simulator().Build();
        await using var _ = container;
        await container.StartAsync(guard.Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(VllmPort)}/") };

        using var health = await client.GetAsync(new Uri("health", UriKind.Relative), guard.Token);
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("v1/models", UriKind.Relative), guard.Token));
        var metrics = await client.GetStringAsync(new Uri("metrics", UriKind.Relative), guard.Token);
        using var completion = await client.PostAsync(
            new Uri("v1/completions", UriKind.Relative),
            new StringContent("""{"model": "adapter-1", "prompt": "Say hello", "max_tokens": 8}""", System.Text.Encoding.UTF8, "application/json"),
            guard.Token);
        using var answer = JsonDocument.Parse(await completion.Content.ReadAsStringAsync(guard.Token));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal([BaseModel, "adapter-0", "adapter-1"], models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Contains($"{VllmMetricNames.RequestsRunning}{{", metrics, StringComparison.Ordinal);
        Assert.Contains($"{VllmMetricNames.RequestsWaiting}{{", metrics, StringComparison.Ordinal);
        Assert.Contains($"{VllmMetricNames.LoraRequestsInfo}{{", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Equal("adapter-1", answer.RootElement.GetProperty("model").GetString());
        Assert.InRange(answer.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32(), 1, 8);
    }

    [DockerFact(NeedsSuiteImage = true)]
    public async Task KubernetesPod_AgainstTheVllmMode_PrintsResultsTheEnvironmentReads()
    {
        DockerAvailability.Require(DockerAvailability.ImageProblem);
        using var guard = new CancellationTokenSource(Guard);
        var network = new NetworkBuilder().Build();
        await using var __ = network;
        var server = Simulator().WithNetwork(network).WithNetworkAliases("vllm").Build();
        await using var _ = server;
        await server.StartAsync(guard.Token);
        var generator = new ContainerBuilder(DockerAvailability.SuiteImage)
            .WithNetwork(network)
            .WithCommand("kubernetes-pod", "--output", "/tmp/results")
            .WithEnvironment(new Dictionary<string, string>
            {
                ["IP"] = "vllm",
                ["PORT"] = "8000",
                ["REQUEST_RATES"] = "2,4",
                ["BENCHMARK_TIME_SECONDS"] = "1",
                ["TOKENIZER"] = BaseModel,
                ["MODELS"] = "adapter-0,adapter-1",
                ["TRAFFIC_SPLIT"] = "0.5,0.5",
                ["BACKEND"] = "vllm",
                ["INPUT_LENGTH"] = "1024",
                ["OUTPUT_LENGTH"] = "1024",
                ["FILE_PREFIX"] = "benchmark",
                ["PROMPT_DATASET_FILE"] = "Infinity-Instruct_conversations.json",
            })
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("LPG_FINISHED"))
            .Build();
        await using var ___ = generator;
        await generator.StartAsync(guard.Token);
        var (stdout, _) = await generator.GetLogsAsync(timestampsEnabled: false, ct: guard.Token);

        var log = new SuiteResultLog(rateCount: 2);
        var progress = new RecordingProgress();
        var ended = stdout.Split('\n').Any(line => log.Accept(line.TrimEnd('\r'), progress));
        using var folder = new TemporaryFolder();
        foreach (var (name, content) in log.Files)
        {
            await File.WriteAllBytesAsync(folder.Combine(name), content, guard.Token);
        }

        var sweep = ResultFolderReader.Read(folder.Path);
        Assert.True(ended, stdout);
        Assert.Equal("4", log.LastRate);
        Assert.Equal(2, progress.Lines.Count(p => p.StartsWith("Benchmarking request rate:", StringComparison.Ordinal)));
        Assert.Equal([2.0, 4.0], sweep.Rates.Select(r => r.RequestRate));
        Assert.All(sweep.Rates, r => Assert.Equal(r.Overall.PromptsAttempted, r.Overall.PromptsSucceeded));
        Assert.Equal(TestcontainersStates.Running, generator.State);
    }

    private static ContainerBuilder Simulator() => new ContainerBuilder(DockerAvailability.SuiteImage)
        .WithCommand("vllm", "--model", BaseModel, "--port", "8000", "--max-loras", "2", "--lora-modules", """{"name": "adapter-0"}""", """{"name": "adapter-1"}""")
        .WithPortBinding(VllmPort, assignRandomHostPort: true)
        .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(VllmPort).ForPath("/health")));
}
