using System.Text;
using Regression.Core.Tokenization;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class GenerationRequestReaderTests
{
    private static readonly TokenCounter Counter = TokenCounter.StandIn;

    [Fact]
    public void Read_LpgRequest_TakesEveryField()
    {
        var request = Read(ApiKind.Completions, """{"model":"adapter-1","prompt":"Tell me","n":1,"best_of":1,"use_beam_search":false,"temperature":1.0,"top_p":1.0,"max_tokens":42,"ignore_eos":false,"stream":false}""");

        Assert.Equal(new GenerationRequest(ApiKind.Completions, "adapter-1", Counter.Count("Tell me"), 42, false, false, false), request);
    }

    [Fact]
    public void Read_TokenIdPrompt_CountsTheIdsAsGiven() =>
        Assert.Equal(4, Read(ApiKind.Completions, """{"prompt":[128000, 9906, 1917, 0]}""").PromptTokens);

    [Fact]
    public void Read_ListOfOnePrompt_CountsItsText() =>
        Assert.Equal(Counter.Count("Hello world"), Read(ApiKind.Completions, """{"prompt":["Hello world"]}""").PromptTokens);

    [Fact]
    public void Read_NoModel_LeavesItToTheServer() => Assert.Null(Read(ApiKind.Completions, """{"prompt":"x"}""").Model);

    [Fact]
    public void Read_ChatWithBothMaxNames_TakesMaxCompletionTokens()
    {
        var request = Read(ApiKind.ChatCompletions, """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":10,"max_completion_tokens":20,"stream":true,"stream_options":{"include_usage":true}}""");

        Assert.Equal(20, request.MaxTokens);
        Assert.True(request.Stream);
        Assert.True(request.IncludeUsage);
        Assert.Equal(1 + ChatPrompt.GenerationPromptTokens + ChatPrompt.TokensPerMessage + Counter.Count("Hi") - 1, request.PromptTokens);
    }

    [Fact]
    public void Read_ChatMessageWithoutContent_CountsOnlyTheTemplate() =>
        Assert.Equal(
            1 + ChatPrompt.GenerationPromptTokens + ChatPrompt.TokensPerMessage,
            Read(ApiKind.ChatCompletions, """{"messages":[{"role":"assistant","content":null}]}""").PromptTokens);

    [Theory]
    [InlineData("""{"prompt":[]}""", "must not be empty")]
    [InlineData("""{"prompt":[1, -2]}""", "token ids")]
    [InlineData("""{"prompt":"x","best_of":3}""", "best_of = 3")]
    [InlineData("""{"prompt":"x","use_beam_search":true}""", "beam search")]
    [InlineData("""{"prompt":"x","max_tokens":2.5}""", "expected an integer")]
    [InlineData("""{"prompt":"x","stream_options":5,"stream":true}""", "\"stream_options\" = 5")]
    public void Read_Refused_NamesTheField(string body, string expected)
    {
        var error = Assert.Throws<RequestFormatException>(() => Read(ApiKind.Completions, body));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static GenerationRequest Read(ApiKind kind, string body) => GenerationRequestReader.Read(Encoding.UTF8.GetBytes(body), kind, Counter);
}
