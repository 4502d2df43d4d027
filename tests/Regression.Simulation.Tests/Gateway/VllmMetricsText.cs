using Regression.Simulation.Prometheus;

namespace Regression.Simulation.Tests.Gateway;

/// <summary>vLLM-style <c>/metrics</c> text for fake replicas, written with the suite's own writer.</summary>
internal static class VllmMetricsText
{
    public const string BaseModel = "meta-llama/Llama-3.1-8B-Instruct";

    public static string For(int waiting = 0, int running = 0, double kvCache = 0, string runningAdapters = "", int maxLora = 3)
    {
        var model = new PrometheusLabel(VllmMetricNames.ModelNameLabel, BaseModel);
        return new PrometheusTextWriter()
            .Gauge(VllmMetricNames.RequestsRunning, "Number of requests in model execution batches.", running, model)
            .Gauge(VllmMetricNames.RequestsWaiting, "Number of requests waiting to be processed.", waiting, model)
            .Gauge(VllmMetricNames.KvCacheUsage, "KV-cache usage. 1 means 100 percent usage.", kvCache, model)
            .Gauge(VllmMetricNames.LoraRequestsInfo, "Running stats on lora requests.", 1.7e9,
                new PrometheusLabel(VllmMetricNames.MaxLoraLabel, maxLora.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new PrometheusLabel(VllmMetricNames.RunningAdaptersLabel, runningAdapters),
                new PrometheusLabel(VllmMetricNames.WaitingAdaptersLabel, string.Empty))
            .ToString();
    }
}
