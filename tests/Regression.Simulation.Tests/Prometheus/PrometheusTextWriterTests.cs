using Regression.Simulation.Prometheus;

namespace Regression.Simulation.Tests.Prometheus;

public sealed class PrometheusTextWriterTests
{
    private static readonly PrometheusLabel ModelLabel = new("model_name", VllmExpositions.Model);

    [Fact]
    public void Write_GaugesOfOneFamily_WriteHelpAndTypeOnce()
    {
        var text = new PrometheusTextWriter()
            .Gauge("vllm:num_requests_running", "Requests in the batch.", 3, ModelLabel)
            .Gauge("vllm:num_requests_waiting", "Requests waiting.", 0, ModelLabel)
            .Gauge("vllm:num_requests_running", "ignored: the first help stays", 4, new PrometheusLabel("model_name", "other"))
            .ToString();

        Assert.Equal(
            "# HELP vllm:num_requests_running Requests in the batch.\n" +
            "# TYPE vllm:num_requests_running gauge\n" +
            "vllm:num_requests_running{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 3\n" +
            "vllm:num_requests_running{model_name=\"other\"} 4\n" +
            "# HELP vllm:num_requests_waiting Requests waiting.\n" +
            "# TYPE vllm:num_requests_waiting gauge\n" +
            "vllm:num_requests_waiting{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 0\n",
            text);
    }

    [Fact]
    public void Write_LabelValuesAndHelp_AreEscaped()
    {
        var text = new PrometheusTextWriter()
            .Counter("c_total", "back\\slash\nnew line \"kept\"", 2, new PrometheusLabel("v", "a\"b\\c\nd"))
            .ToString();

        Assert.Equal(
            "# HELP c_total back\\\\slash\\nnew line \"kept\"\n" +
            "# TYPE c_total counter\n" +
            "c_total{v=\"a\\\"b\\\\c\\nd\"} 2\n",
            text);
    }

    [Fact]
    public void Write_Histogram_AddsInfBucketSumAndCount()
    {
        var histogram = new PrometheusHistogram([new(0.5, 1), new(2.5, 3)], Sum: 4.25, Count: 4);

        var text = new PrometheusTextWriter().Histogram("h_seconds", "Latency.", histogram, ModelLabel).ToString();

        Assert.Equal(
            "# HELP h_seconds Latency.\n" +
            "# TYPE h_seconds histogram\n" +
            "h_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B-Instruct\",le=\"0.5\"} 1\n" +
            "h_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B-Instruct\",le=\"2.5\"} 3\n" +
            "h_seconds_bucket{model_name=\"meta-llama/Llama-3.1-8B-Instruct\",le=\"+Inf\"} 4\n" +
            "h_seconds_sum{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 4.25\n" +
            "h_seconds_count{model_name=\"meta-llama/Llama-3.1-8B-Instruct\"} 4\n",
            text);
    }

    [Fact]
    public void Write_SpecialValues_UseTheFormatsSpelling()
    {
        var text = new PrometheusTextWriter()
            .Gauge("g", "h", double.PositiveInfinity, new PrometheusLabel("k", "pos"))
            .Gauge("g", "h", double.NegativeInfinity, new PrometheusLabel("k", "neg"))
            .Gauge("g", "h", double.NaN, new PrometheusLabel("k", "nan"))
            .Gauge("g", "h", 1.7e9, new PrometheusLabel("k", "big"))
            .ToString();

        Assert.Contains("g{k=\"pos\"} +Inf\n", text, StringComparison.Ordinal);
        Assert.Contains("g{k=\"neg\"} -Inf\n", text, StringComparison.Ordinal);
        Assert.Contains("g{k=\"nan\"} NaN\n", text, StringComparison.Ordinal);
        Assert.Contains("g{k=\"big\"} 1700000000\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenParse_GivesBackTheSameSamples()
    {
        var histogram = PrometheusHistogram.FromObservations([0.1, 1, 10], [0.05, 0.5, 0.7, 20]);
        var text = new PrometheusTextWriter()
            .Gauge("vllm:lora_requests_info", "LoRA state.", 1.7e9,
                new PrometheusLabel("max_lora", "3"), new PrometheusLabel("running_lora_adapters", "adapter-0,adapter-3"), new PrometheusLabel("waiting_lora_adapters", ""))
            .Counter("vllm:generation_tokens_total", "Tokens.", 123456789, ModelLabel)
            .Histogram("vllm:e2e_request_latency_seconds", "E2E.", histogram, ModelLabel)
            .ToString();

        var document = PrometheusTextParser.Parse(text);

        var lora = Assert.Single(document.Find("vllm:lora_requests_info"));
        Assert.Equal(1.7e9, lora.Value);
        Assert.Equal(string.Empty, lora.Label("waiting_lora_adapters"));
        Assert.Equal(123456789, Assert.Single(document.Find("vllm:generation_tokens_total")).Value);
        var parsed = document.Histogram("vllm:e2e_request_latency_seconds", ModelLabel);
        Assert.NotNull(parsed);
        Assert.Equal([1.0, 3.0, 3.0, 4.0], parsed.Buckets.Select(b => b.CumulativeCount));
        Assert.Equal(histogram.Sum, parsed.Sum);
        Assert.Equal(4, parsed.Count);
        Assert.Equal(PrometheusMetricType.Histogram, document.Metadata["vllm:e2e_request_latency_seconds"].Type);
    }

    [Fact]
    public void Write_EmptyHelp_WritesOnlyTheTypeLine()
    {
        Assert.Equal("# TYPE g gauge\ng 1\n", new PrometheusTextWriter().Gauge("g", string.Empty, 1).ToString());
    }

    [Fact]
    public void Write_InvalidNames_AreRejectedNamingThem()
    {
        var writer = new PrometheusTextWriter();

        Assert.Contains("'1st'", Assert.Throws<ArgumentException>(() => writer.Gauge("1st", "h", 1)).Message, StringComparison.Ordinal);
        Assert.Contains("'model-name'", Assert.Throws<ArgumentException>(() => writer.Gauge("g", "h", 1, new PrometheusLabel("model-name", "x"))).Message, StringComparison.Ordinal);
        Assert.Contains("'le'", Assert.Throws<ArgumentException>(() => writer.Histogram("h", "h", new([], 0, 0), new PrometheusLabel("le", "1"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameNameWithAnotherType_IsRejected()
    {
        var writer = new PrometheusTextWriter().Gauge("m", "h", 1);

        Assert.Throws<ArgumentException>(() => writer.Counter("m", "h", 1));
    }

    [Fact]
    public void Write_NegativeCounterOrBrokenHistogram_IsRejected()
    {
        var writer = new PrometheusTextWriter();

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Counter("c_total", "h", -1));
        var error = Assert.Throws<ArgumentException>(() => writer.Histogram("h", "h", new([new(1, 5), new(2, 3)], 1, 5)));
        Assert.Contains("cumulative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromObservations_CountsEachObservationInEveryBucketAtOrAboveIt()
    {
        var histogram = PrometheusHistogram.FromObservations([1, 2], [1, 1.5, 3]);

        Assert.Equal([1.0, 2.0], histogram.Buckets.Select(b => b.CumulativeCount));
        Assert.Equal(3, histogram.Count);
        Assert.Equal(5.5, histogram.Sum);
    }
}
