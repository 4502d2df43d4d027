using Regression.Simulation.Prometheus;

namespace Regression.Simulation.Tests.Prometheus;

public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Parse_VllmExposition_ReadsEverySampleWithItsLabels()
    {
        var document = PrometheusTextParser.Parse(VllmExpositions.WithLora);

        Assert.Equal(15, document.Samples.Count);
        var waiting = Assert.Single(document.Find("vllm:num_requests_waiting"));
        Assert.Equal(4.0, waiting.Value);
        Assert.Equal(VllmExpositions.Model, waiting.Label("model_name"));
        Assert.Equal("0", waiting.Label("engine"));
        Assert.Null(waiting.TimestampMilliseconds);
        Assert.Equal(1_234_567, Assert.Single(document.Find("vllm:prompt_tokens_total")).Value);
    }

    [Fact]
    public void Parse_OnlyTheReadersMetrics_SkipsEveryOtherLineAndComment()
    {
        var all = PrometheusTextParser.Parse(VllmExpositions.WithLora);

        var filtered = PrometheusTextParser.Parse(VllmExpositions.WithLora, Regression.Simulation.Gateway.VllmMetricsReader.Metrics);

        var expected = all.Samples.Where(s => Regression.Simulation.Gateway.VllmMetricsReader.Metrics.Contains(s.Name)).ToList();
        Assert.Equal(expected.Select(s => (s.Name, s.Value, string.Join(",", s.Labels))), filtered.Samples.Select(s => (s.Name, s.Value, string.Join(",", s.Labels))));
        Assert.NotEmpty(expected);
        Assert.Empty(filtered.Find("vllm:prompt_tokens_total"));
        Assert.Empty(filtered.Metadata);
    }

    [Fact]
    public void Parse_FilteredMalformedLineOfAnotherMetric_IsSkippedNotReported()
    {
        var text = "vllm:num_requests_waiting 3\nsome_histogram_bucket{le= broken\n";

        var filtered = PrometheusTextParser.Parse(text, Regression.Simulation.Gateway.VllmMetricsReader.Metrics);

        Assert.Equal(3, Assert.Single(filtered.Samples).Value);
        Assert.Throws<PrometheusFormatException>(() => PrometheusTextParser.Parse(text));
    }

    [Fact]
    public void Parse_LoraRequestsInfo_KeepsEmptyLabelValuesAndExponentValues()
    {
        var document = PrometheusTextParser.Parse(VllmExpositions.WithLora);

        var series = document.Find("vllm:lora_requests_info");
        Assert.Equal(3, series.Count);
        Assert.Equal("adapter-0,adapter-3", series[1].Label("running_lora_adapters"));
        Assert.Equal(string.Empty, series[1].Label("waiting_lora_adapters"));
        Assert.Equal("3", series[1].Label("max_lora"));
        Assert.Equal(1.7e9, series[1].Value);
    }

    [Fact]
    public void Parse_HelpAndTypeLines_AreRecordedPerFamily()
    {
        var document = PrometheusTextParser.Parse(VllmExpositions.WithLora);

        Assert.Equal(PrometheusMetricType.Histogram, document.Metadata["vllm:e2e_request_latency_seconds"].Type);
        Assert.Equal(PrometheusMetricType.Counter, document.Metadata["vllm:prompt_tokens_total"].Type);
        Assert.Equal("Number of requests waiting to be processed.", document.Metadata["vllm:num_requests_waiting"].Help);
    }

    [Fact]
    public void Histogram_ParsedVllmHistogram_ReadsBucketsSumAndCount()
    {
        var document = PrometheusTextParser.Parse(VllmExpositions.WithLora);

        var histogram = document.Histogram("vllm:e2e_request_latency_seconds", new PrometheusLabel("model_name", VllmExpositions.Model));

        Assert.NotNull(histogram);
        Assert.Equal([0.3, 1.0, 5.0, double.PositiveInfinity], histogram.Buckets.Select(b => b.UpperBound));
        Assert.Equal([2.0, 5.0, 11.0, 12.0], histogram.Buckets.Select(b => b.CumulativeCount));
        Assert.Equal(31.5, histogram.Sum);
        Assert.Equal(12, histogram.Count);
        Assert.Null(document.Histogram("vllm:time_to_first_token_seconds"));
    }

    [Fact]
    public void Parse_SpecialValuesAndTimestamps_AreRead()
    {
        var document = PrometheusTextParser.Parse("""
            up_inf +Inf
            down_inf -Inf 1700000000000
            nothing NaN -5
            plain_inf Inf
            """);

        Assert.Equal(double.PositiveInfinity, document.Find("up_inf")[0].Value);
        Assert.Equal(double.NegativeInfinity, document.Find("down_inf")[0].Value);
        Assert.Equal(1_700_000_000_000, document.Find("down_inf")[0].TimestampMilliseconds);
        Assert.True(double.IsNaN(document.Find("nothing")[0].Value));
        Assert.Equal(-5, document.Find("nothing")[0].TimestampMilliseconds);
        Assert.Equal(double.PositiveInfinity, document.Find("plain_inf")[0].Value);
    }

    [Fact]
    public void Parse_EscapesBlanksAndTrailingComma_AreHandled()
    {
        var document = PrometheusTextParser.Parse(
            "  metric_a { path = \"C:\\\\dir\" , quote=\"say \\\"hi\\\"\",\tline=\"one\\ntwo\", } \t 3.5  \r\n" +
            "# a free comment line\r\n" +
            "#TYPE metric_b counter\r\n" +
            "metric_b{} 1\r\n");

        var a = document.Find("metric_a")[0];
        Assert.Equal(@"C:\dir", a.Label("path"));
        Assert.Equal("say \"hi\"", a.Label("quote"));
        Assert.Equal("one\ntwo", a.Label("line"));
        Assert.Equal(3.5, a.Value);
        Assert.Empty(document.Find("metric_b")[0].Labels);
        Assert.Equal(PrometheusMetricType.Counter, document.Metadata["metric_b"].Type);
    }

    [Fact]
    public void Parse_HelpText_IsUnescapedAndRepeatsKeepTheFirst()
    {
        var document = PrometheusTextParser.Parse("""
            # HELP m Line one\nback\\slash "quoted"
            # HELP m second help
            # TYPE m gauge
            # TYPE m counter
            m 1
            """);

        Assert.Equal("Line one\nback\\slash \"quoted\"", document.Metadata["m"].Help);
        Assert.Equal(PrometheusMetricType.Gauge, document.Metadata["m"].Type);
    }

    [Fact]
    public void Parse_EmptyText_HasNoSamples()
    {
        Assert.Empty(PrometheusTextParser.Parse("\n\n# only a comment\n").Samples);
    }

    [Theory]
    [InlineData("vllm:num_requests_waiting", 1, "expected a blank and a value")]
    [InlineData("vllm:num_requests_waiting{model_name=\"x\"} four", 1, "'four' is not a number")]
    [InlineData("ok 1\nbroken{model_name=\"x} 1", 2, "not closed")]
    [InlineData("m{model_name=x} 1", 1, "expected '\"'")]
    [InlineData("m{a=\"1\" b=\"2\"} 1", 1, "expected ',' or '}'")]
    [InlineData("m 1 1700000000000 extra", 1, "unexpected text after the timestamp")]
    [InlineData("m 1 12.5", 1, "not a timestamp")]
    [InlineData("# TYPE m gauges", 1, "unknown metric type 'gauges'")]
    [InlineData("# TYPE m counter,gauge", 1, "unknown metric type")]
    [InlineData("9m 1", 1, "expected a metric name")]
    [InlineData("m Infinity", 1, "is not a number")]
    public void Parse_MalformedLine_ThrowsNamingLineAndProblem(string text, int line, string problem)
    {
        var error = Assert.Throws<PrometheusFormatException>(() => PrometheusTextParser.Parse(text));

        Assert.Equal(line, error.LineNumber);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_BucketWithoutBound_IsAnError()
    {
        var document = PrometheusTextParser.Parse("h_bucket{le=\"soon\"} 1\nh_count 1\n");

        var error = Assert.Throws<PrometheusFormatException>(() => document.Histogram("h"));

        Assert.Contains("le = 'soon'", error.Message, StringComparison.Ordinal);
    }
}
