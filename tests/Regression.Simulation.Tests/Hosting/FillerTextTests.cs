using Regression.Core.Tokenization;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class FillerTextTests
{
    [Fact]
    public void Vocabulary_EveryWord_IsOneToken()
    {
        var counts = FillerText.Vocabulary.Select(w => (Word: w, Tokens: TokenCounter.StandIn.Count(w) - TokenCounter.BeginOfTextTokens));

        Assert.All(counts, c => Assert.True(c.Tokens == 1, $"'{c.Word}' is {c.Tokens} tokens"));
        Assert.Equal(64, FillerText.Vocabulary.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(0L, 1)]
    [InlineData(42L, 17)]
    [InlineData(-7L, 1024)]
    public void Build_AnyLength_RetokenizesToThatManyTokens(long requestId, int tokens)
    {
        var text = FillerText.Build(requestId, tokens);

        Assert.Equal(tokens + TokenCounter.BeginOfTextTokens, TokenCounter.StandIn.Count(text));
    }

    [Fact]
    public void Build_IsTheStreamedWordsInOrder()
    {
        var words = string.Concat(Enumerable.Range(0, 50).Select(i => FillerText.Word(99, i)));

        Assert.Equal(FillerText.Build(99, 50), words);
        Assert.NotEqual(FillerText.Build(99, 50), FillerText.Build(100, 50));
    }
}
