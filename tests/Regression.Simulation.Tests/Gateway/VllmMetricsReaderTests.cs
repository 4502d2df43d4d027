using Regression.Simulation.Gateway;
using Regression.Simulation.Prometheus;
using Regression.Simulation.Routing;
using Regression.Simulation.Tests.Prometheus;

namespace Regression.Simulation.Tests.Gateway;

public sealed class VllmMetricsReaderTests
{
    private static readonly DateTimeOffset ScrapedAt = new(2025, 5, 15, 12, 0, 0, TimeSpan.Zero);

    private static ReplicaState Read(string text) =>
        VllmMetricsReader.Read(PrometheusTextParser.Parse(text), "replica-0", ScrapedAt);

    [Fact]
    public void Read_OlderVllmWithLora_MapsQueuesOldCacheGaugeAndNewestAdapters()
    {
        var state = Read(VllmExpositions.WithLora);

        Assert.Equal("replica-0", state.Id);
        Assert.Equal(17, state.RunningCount);
        Assert.Equal(4, state.WaitingQueueLength);
        Assert.Equal(0.4375, state.KvCacheUsage);
        Assert.Equal(["adapter-0", "adapter-3"], state.ActiveAdapters.Order());
        Assert.Empty(state.WaitingAdapters);
        Assert.Equal(3, state.MaxAdapters);
        Assert.Equal(VllmExpositions.Model, state.BaseModel);
        Assert.True(state.IsHealthy);
        Assert.Equal(ScrapedAt, state.ScrapedAt);
    }

    [Fact]
    public void Read_NewerVllmWithoutLora_UsesKvCacheUsageAndNoAdapterSlots()
    {
        var state = Read(VllmExpositions.WithoutLora);

        Assert.Equal(0.05, state.KvCacheUsage);
        Assert.Equal(2, state.RunningCount);
        Assert.Equal(0, state.MaxAdapters);
        Assert.Empty(state.ActiveAdapters);
    }

    [Fact]
    public void Read_BothCacheGauges_PrefersTheNewName()
    {
        var state = Read(VllmExpositions.WithoutLora + "\nvllm:gpu_cache_usage_perc{model_name=\"m\"} 0.9\n");

        Assert.Equal(0.05, state.KvCacheUsage);
    }

    [Fact]
    public void Read_OnlyEmptyLoraSeries_KeepsMaxLoraWithoutAdapters()
    {
        var state = Read(VllmExpositions.WithoutLora + "\n" +
            "vllm:lora_requests_info{max_lora=\"2\",running_lora_adapters=\"\",waiting_lora_adapters=\"\"} 1.7e9\n");

        Assert.Equal(2, state.MaxAdapters);
        Assert.Empty(state.ActiveAdapters);
    }

    [Fact]
    public void Read_WaitingAdapters_AreSplitOnCommas()
    {
        var state = Read(VllmExpositions.WithoutLora + "\n" +
            "vllm:lora_requests_info{max_lora=\"4\",running_lora_adapters=\"adapter-1\",waiting_lora_adapters=\"adapter-2,adapter-5\"} 1.7e9\n");

        Assert.Equal(["adapter-1"], state.ActiveAdapters);
        Assert.Equal(["adapter-2", "adapter-5"], state.WaitingAdapters.Order());
    }

    [Fact]
    public void Read_SeveralSamplesOfAGauge_TakesTheNewestTimestamp()
    {
        var state = Read("""
            vllm:num_requests_running{model_name="m"} 1
            vllm:num_requests_waiting{model_name="m"} 7 1000
            vllm:num_requests_waiting{model_name="m"} 9 3000
            vllm:num_requests_waiting{model_name="m"} 8 2000
            vllm:kv_cache_usage_perc{model_name="m"} 0.5
            """);

        Assert.Equal(9, state.WaitingQueueLength);
    }

    [Theory]
    [InlineData(VllmMetricNames.RequestsWaiting)]
    [InlineData(VllmMetricNames.RequestsRunning)]
    [InlineData(VllmMetricNames.KvCacheUsage)]
    public void Read_MissingMetric_NamesItAndTheReplica(string metric)
    {
        var text = string.Join('\n', VllmExpositions.WithoutLora.Split('\n').Where(l => !l.StartsWith(metric, StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidDataException>(() => Read(text));

        Assert.Contains(metric, error.Message, StringComparison.Ordinal);
        Assert.Contains("replica-0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vllm:kv_cache_usage_perc{model_name=\"m\"} 37", "KV-cache usage must be a fraction")]
    [InlineData("vllm:kv_cache_usage_perc{model_name=\"m\"} NaN", "KV-cache usage must be a fraction")]
    public void Read_ImpossibleCacheUsage_IsAnError(string cacheLine, string problem)
    {
        var text = "vllm:num_requests_running 1\nvllm:num_requests_waiting 0\n" + cacheLine + "\n";

        Assert.Contains(problem, Assert.Throws<InvalidDataException>(() => Read(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NegativeQueueOrBadMaxLora_IsAnErrorNamingTheValue()
    {
        var negative = "vllm:num_requests_running 1\nvllm:num_requests_waiting -2\nvllm:kv_cache_usage_perc 0.1\n";
        var badMax = VllmExpositions.WithoutLora + "\nvllm:lora_requests_info{max_lora=\"three\",running_lora_adapters=\"a\"} 1\n";

        Assert.Contains("= -2", Assert.Throws<InvalidDataException>(() => Read(negative)).Message, StringComparison.Ordinal);
        Assert.Contains("'three'", Assert.Throws<InvalidDataException>(() => Read(badMax)).Message, StringComparison.Ordinal);
    }
}
