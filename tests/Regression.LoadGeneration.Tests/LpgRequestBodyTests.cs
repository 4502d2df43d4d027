using Regression.LoadGeneration.Http;

namespace Regression.LoadGeneration.Tests;

public sealed class LpgRequestBodyTests
{
    [Fact]
    public void Format_NonStreaming_IsWhatAiohttpSendsForLpg()
    {
        var body = LpgRequestBody.Format("adapter-3", "Summarize the following text:\nA bill.", 57);

        Assert.Equal(
            "{\"model\": \"adapter-3\", \"prompt\": \"Summarize the following text:\\nA bill.\", \"n\": 1, \"best_of\": 1, \"use_beam_search\": false, " +
            "\"temperature\": 1.0, \"top_p\": 1.0, \"max_tokens\": 57, \"ignore_eos\": false, \"stream\": false}",
            body);
    }

    [Fact]
    public void Format_Streaming_AsksForUsageInTheLastChunk()
    {
        var body = LpgRequestBody.Format("m", "p", 5, streaming: true);

        Assert.EndsWith("\"ignore_eos\": false, \"stream\": true, \"stream_options\": {\"include_usage\": true}}", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_NonAsciiAndControlCharacters_AreEscapedAsPythonDoes()
    {
        var body = LpgRequestBody.Format("m", "Grüße \"quoted\" \\ tab\t bell\u0007 del\u007f 😀", 5);

        Assert.Contains("\"prompt\": \"Gr\\u00fc\\u00dfe \\\"quoted\\\" \\\\ tab\\t bell\\u0007 del\\u007f \\ud83d\\ude00\"", body, StringComparison.Ordinal);
    }
}
