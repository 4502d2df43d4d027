using Regression.LoadGeneration.Datasets;

namespace Regression.LoadGeneration.Tests;

/// <summary>Small filtered datasets for generator tests.</summary>
internal static class TestPrompts
{
    public static IReadOnlyList<DatasetPrompt> Make(int count) =>
        LengthFilter.Apply(
            Enumerable.Range(0, count).Select(i => new Conversation($"Prompt number {i}: please write a few words about item {i}.", $"Reference answer {i} with several words in it.")).ToList(),
            maxInputLength: 1024,
            maxOutputLength: 1024);

    public static RatePlan Plan(double rate, double seconds, params string[] models) => new()
    {
        Rate = rate,
        RequestCount = (int)(rate * seconds),
        Models = models.Length > 0 ? models : ["model-a"],
        Seed = 7,
    };
}
