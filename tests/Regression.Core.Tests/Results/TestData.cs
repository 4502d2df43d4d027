namespace Regression.Core.Tests.Results;

/// <summary>The committed result files under Data/ (copied next to the test assembly); see Data/reference/SOURCE.md.</summary>
internal static class TestData
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Data");

    /// <summary>GIE's published sample.json: legacy LPG names, 200 req/s.</summary>
    public static string LegacySample => Path.Combine(Root, "reference", "lpg-legacy", "sample.json");

    /// <summary>The inference-perf KubeCon demo reports: seven stages plus summaries and Prometheus reports.</summary>
    public static string InferencePerfFolder => Path.Combine(Root, "reference", "inference-perf");

    public static string InferencePerfStage(int stage) => Path.Combine(InferencePerfFolder, $"stage_{stage}_lifecycle_metrics.json");

    /// <summary>The hand-made LPG@46d6382 run in the upstream download layout: output/&lt;run_id&gt;.</summary>
    public static string HandRun => Path.Combine(Root, "lpg", "output", "hand-run");

    public static string HandRunJson => Path.Combine(HandRun, "regression-before", "results", "json");

    public static string HandRunFile(string label) => Path.Combine(HandRunJson, $"benchmark-vllm-2.0qps-20250515-181500-{label}.json");
}
