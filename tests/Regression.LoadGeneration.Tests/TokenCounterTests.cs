using Regression.Core.Tokenization;

namespace Regression.LoadGeneration.Tests;

public sealed class TokenCounterTests
{
    private static readonly TokenCounter Counter = TokenCounter.StandIn;

    [Fact]
    public void Count_EmptyText_IsTheBeginOfTextTokenAlone()
    {
        Assert.Equal(1, Counter.Count(string.Empty));
    }

    [Fact]
    public void Count_Text_AddsOneForBeginOfText()
    {
        // "hello world" is two cl100k_base tokens.
        Assert.Equal(3, Counter.Count("hello world"));
    }

    [Fact]
    public void Count_LongTextCountedTwice_GivesTheSameCount()
    {
        var text = string.Concat(Enumerable.Repeat("The Secretary shall submit a report to Congress. ", 40));
        Assert.Equal(Counter.Count(text), Counter.Count(new string(text.AsSpan())));
    }

    [Fact]
    public void Count_ManyThreads_AgreeWithOneThread()
    {
        var texts = Enumerable.Range(0, 200).Select(i => string.Concat(Enumerable.Repeat($"Section {i} of the Act is amended. ", i % 50 + 1))).ToList();
        var sequential = texts.Select(Counter.Count).ToList();
        var parallel = texts.AsParallel().AsOrdered().WithDegreeOfParallelism(8).Select(Counter.Count).ToList();
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void CountUpTo_TextOverTheLimit_ReturnsLimitPlusOne()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 100));
        Assert.Equal(11, Counter.CountUpTo(text, 10));
        Assert.Equal(Counter.Count(text), Counter.CountUpTo(text, 1000));
    }

    [Fact]
    public void Truncate_ToACount_MeasuresAtMostThatCount()
    {
        var text = string.Concat(Enumerable.Repeat("Appropriations for fiscal year 2024. ", 30));
        var cut = Counter.Truncate(text, 50);
        Assert.True(Counter.Count(cut) <= 50, $"{Counter.Count(cut)} tokens");
        Assert.StartsWith(cut, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_SaysItIsAStandIn()
    {
        Assert.Contains("cl100k_base", Counter.Name, StringComparison.Ordinal);
        Assert.Contains("stand-in for meta-llama/Llama-3.1-8B-Instruct", Counter.Name, StringComparison.Ordinal);
    }
}
