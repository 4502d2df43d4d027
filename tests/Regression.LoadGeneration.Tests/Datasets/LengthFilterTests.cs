using Regression.Core.Tokenization;
using Regression.LoadGeneration.Datasets;

namespace Regression.LoadGeneration.Tests.Datasets;

public sealed class LengthFilterTests
{
    private const int MaxInput = 40;
    private const int MaxOutput = 30;

    [Theory]
    [InlineData(3, 10, false)]
    [InlineData(4, 10, true)]
    [InlineData(MaxInput, 10, true)]
    [InlineData(MaxInput + 1, 10, false)]
    [InlineData(10, 3, false)]
    [InlineData(10, 4, true)]
    [InlineData(10, MaxOutput, true)]
    [InlineData(10, MaxOutput + 1, false)]
    public void Apply_LengthsAtTheBounds_KeepsInclusiveBoundsCountingBeginOfText(int promptTokens, int outputTokens, bool kept)
    {
        var conversation = new Conversation(TextOf(promptTokens), TextOf(outputTokens));

        var result = LengthFilter.Apply([conversation], MaxInput, MaxOutput);

        Assert.Equal(kept, result.Count == 1);
        if (kept)
        {
            Assert.Equal(new DatasetPrompt(conversation.Prompt, promptTokens, outputTokens), result[0]);
        }
    }

    [Fact]
    public void Apply_MixedEntries_KeepsOrderAndDuplicates()
    {
        var a = new Conversation(TextOf(10), TextOf(10));
        var tooLong = new Conversation(TextOf(MaxInput + 5), TextOf(10));
        var b = new Conversation(TextOf(12), TextOf(6));

        var result = LengthFilter.Apply([a, tooLong, b, a], MaxInput, MaxOutput);

        Assert.Equal([a.Prompt, b.Prompt, a.Prompt], result.Select(p => p.Text));
    }

    // A text LPG counts as exactly `tokens` tokens: "a" and " a" are one cl100k_base token each, plus the begin-of-text token.
    internal static string TextOf(int tokens)
    {
        var text = "a" + string.Concat(Enumerable.Repeat(" a", tokens - 2));
        Assert.Equal(tokens, TokenCounter.StandIn.Count(text));
        return text;
    }
}
