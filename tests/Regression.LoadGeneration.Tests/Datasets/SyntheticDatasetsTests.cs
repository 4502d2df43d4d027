using Regression.Core.Settings;
using Regression.Core.Tokenization;
using Regression.LoadGeneration.Datasets;

namespace Regression.LoadGeneration.Tests.Datasets;

public sealed class SyntheticDatasetsTests
{
    private const int Count = 300;
    private const int Cap = 1024;

    [Fact]
    public void BillsumLike_Prompts_AreSummaryRequestsNearButWithinTheCap()
    {
        var prompts = Filtered(SyntheticDataset.BillsumLike);

        Assert.Equal(Count, prompts.Count);
        Assert.All(prompts, p => Assert.StartsWith("Summarize the following text:\n", p.Text, StringComparison.Ordinal));
        Assert.All(prompts, p => Assert.InRange(p.PromptTokens, Cap - 160, Cap));
        Assert.InRange(Median(prompts.Select(p => p.PromptTokens)), Cap - 80, Cap - 20);
    }

    [Fact]
    public void BillsumLike_Summaries_AreShort()
    {
        var prompts = Filtered(SyntheticDataset.BillsumLike);

        Assert.All(prompts, p => Assert.InRange(p.OutputTokens, 24, 300));
        Assert.InRange(Median(prompts.Select(p => p.OutputTokens)), 80, 150);
    }

    [Fact]
    public void InfinityInstructLike_OutputsAreLongAndPromptsShort()
    {
        var prompts = Filtered(SyntheticDataset.InfinityInstructLike);

        Assert.Equal(Count, prompts.Count);
        Assert.InRange(Median(prompts.Select(p => p.PromptTokens)), 20, 60);
        Assert.InRange(Median(prompts.Select(p => p.OutputTokens)), 300, 600);
        Assert.All(prompts, p => Assert.InRange(p.OutputTokens, 64, Cap));
        Assert.Contains(prompts, p => p.OutputTokens > 900);
    }

    [Theory]
    [InlineData(SyntheticDataset.BillsumLike)]
    [InlineData(SyntheticDataset.InfinityInstructLike)]
    public void Get_SameSeed_GivesTheSameEntriesAndAnotherSeedOthers(SyntheticDataset kind)
    {
        var first = SyntheticDatasets.Get(kind, seed: 3, count: 20);
        var again = SyntheticDatasets.Get(kind, seed: 3, count: 20);
        var other = SyntheticDatasets.Get(kind, seed: 4, count: 20);

        Assert.Equal(first, again);
        Assert.NotEqual(first[0].Prompt, other[0].Prompt);
        Assert.Equal(first, SyntheticDatasets.Get(kind, seed: 3, count: 40).Take(20));
    }

    [Fact]
    public void Get_SmallCaps_StaysWithinThem()
    {
        var conversations = SyntheticDatasets.Get(SyntheticDataset.InfinityInstructLike, seed: 1, count: 30, maxInputLength: 64, maxOutputLength: 128);

        Assert.All(conversations, c => Assert.InRange(TokenCounter.StandIn.Count(c.Prompt), 4, 64));
        Assert.All(conversations, c => Assert.InRange(TokenCounter.StandIn.Count(c.Completion), 4, 128));
    }

    private static IReadOnlyList<DatasetPrompt> Filtered(SyntheticDataset kind) =>
        LengthFilter.Apply(SyntheticDatasets.Get(kind, seed: 1, count: Count), Cap, Cap);

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
