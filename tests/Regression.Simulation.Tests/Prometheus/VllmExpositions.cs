namespace Regression.Simulation.Tests.Prometheus;

/// <summary>Expositions shaped like what vLLM's <c>/metrics</c> serves (written for these tests).</summary>
internal static class VllmExpositions
{
    public const string Model = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>A vLLM 0.8-era server with LoRA: older cache gauge name, three lora_requests_info series, a histogram.</summary>
    public const string WithLora = """
        # HELP python_gc_objects_collected_total Objects collected during gc
        # TYPE python_gc_objects_collected_total counter
        python_gc_objects_collected_total{generation="0"} 8123.0
        python_gc_objects_collected_total{generation="1"} 912.0

        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 17.0
        # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 4.0
        # HELP vllm:gpu_cache_usage_perc GPU KV-cache usage. 1 means 100 percent usage.
        # TYPE vllm:gpu_cache_usage_perc gauge
        vllm:gpu_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.4375
        # HELP vllm:lora_requests_info Running stats on lora requests.
        # TYPE vllm:lora_requests_info gauge
        vllm:lora_requests_info{max_lora="3",running_lora_adapters="adapter-1",waiting_lora_adapters=""} 1.6999e9
        vllm:lora_requests_info{max_lora="3",running_lora_adapters="adapter-0,adapter-3",waiting_lora_adapters=""} 1.7e9
        vllm:lora_requests_info{max_lora="3",running_lora_adapters="",waiting_lora_adapters=""} 1.70000001e9
        # HELP vllm:prompt_tokens_total Number of prefill tokens processed.
        # TYPE vllm:prompt_tokens_total counter
        vllm:prompt_tokens_total{model_name="meta-llama/Llama-3.1-8B-Instruct"} 1.234567e+06
        # HELP vllm:e2e_request_latency_seconds Histogram of end to end request latency in seconds.
        # TYPE vllm:e2e_request_latency_seconds histogram
        vllm:e2e_request_latency_seconds_sum{model_name="meta-llama/Llama-3.1-8B-Instruct"} 31.5
        vllm:e2e_request_latency_seconds_bucket{le="0.3",model_name="meta-llama/Llama-3.1-8B-Instruct"} 2.0
        vllm:e2e_request_latency_seconds_bucket{le="1.0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 5.0
        vllm:e2e_request_latency_seconds_bucket{le="5.0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 11.0
        vllm:e2e_request_latency_seconds_bucket{le="+Inf",model_name="meta-llama/Llama-3.1-8B-Instruct"} 12.0
        vllm:e2e_request_latency_seconds_count{model_name="meta-llama/Llama-3.1-8B-Instruct"} 12.0
        """;

    /// <summary>A newer vLLM without LoRA: the new cache gauge name only.</summary>
    public const string WithoutLora = """
        # HELP vllm:num_requests_running Number of requests in model execution batches.
        # TYPE vllm:num_requests_running gauge
        vllm:num_requests_running{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 2
        # HELP vllm:num_requests_waiting Number of requests waiting to be processed.
        # TYPE vllm:num_requests_waiting gauge
        vllm:num_requests_waiting{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0
        # HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.
        # TYPE vllm:kv_cache_usage_perc gauge
        vllm:kv_cache_usage_perc{engine="0",model_name="meta-llama/Llama-3.1-8B-Instruct"} 0.05
        """;
}
