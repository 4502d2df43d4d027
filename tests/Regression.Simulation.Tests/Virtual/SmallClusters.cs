using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

/// <summary>Small virtual clusters and hand-made prompts that keep the runner's unit tests fast (well under a second each).</summary>
internal static class SmallClusters
{
    public const string BaseModel = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>Thirty prompts of 200..490 tokens asking for 50..340 tokens: no tokenizer, no generation.</summary>
    public static IReadOnlyList<DatasetPrompt> Prompts { get; } =
        Enumerable.Range(0, 30).Select(i => new DatasetPrompt($"prompt {i}", 200 + (10 * i), 50 + (10 * i))).ToArray();

    /// <summary>Three replicas of the base model, two rates of 5 s.</summary>
    public static VirtualClusterOptions SingleModel { get; } = new()
    {
        Case = new CaseSettings
        {
            BaseModel = BaseModel,
            Models = [BaseModel],
            RequestRates = [20, 40],
            SecondsPerRate = 5,
            Replicas = 3,
        },
    };

    /// <summary>Three replicas with max-loras 2 serving four adapters, two rates of 5 s.</summary>
    public static VirtualClusterOptions FourAdapters { get; } = new()
    {
        Case = new CaseSettings
        {
            BaseModel = BaseModel,
            Models = ["adapter-0", "adapter-1", "adapter-2", "adapter-3"],
            TrafficSplit = [0.4, 0.3, 0.2, 0.1],
            RequestRates = [20, 40],
            SecondsPerRate = 5,
            Replicas = 3,
            MaxLoras = 2,
        },
    };
}
