using Regression.Core.Results.Lpg;

namespace Regression.Core.Tests.Results;

public sealed class LpgFileNameTests
{
    [Theory]
    [InlineData("benchmark-vllm-300.0qps-20250515-181500-weighted.json", "benchmark", "vllm", 300.0, "weighted")]
    [InlineData("benchmark-vllm-300.0qps-20250515-181500-meta-llama-Llama-3.1-8B-Instruct.json", "benchmark", "vllm", 300.0, "meta-llama-Llama-3.1-8B-Instruct")]
    [InlineData("benchmark-vllm-20.0qps-20250515-190000-adapter-7.json", "benchmark", "vllm", 20.0, "adapter-7")]
    [InlineData("my-nightly-run-vllm-12.5qps-20250515-190000-weighted.json", "my-nightly-run", "vllm", 12.5, "weighted")]
    [InlineData("benchmark-vllm-1e-05qps-20250515-190000-weighted.json", "benchmark", "vllm", 1e-05, "weighted")]
    public void TryParse_LpgNames_SplitsEveryPart(string fileName, string prefix, string backend, double rate, string label)
    {
        Assert.True(LpgFileName.TryParse(fileName, out var name));
        Assert.Equal(prefix, name.Prefix);
        Assert.Equal(backend, name.Backend);
        Assert.Equal(rate, name.RequestRate);
        Assert.Equal(label, name.Label);
        Assert.Equal(fileName, name.ToString());
    }

    [Theory]
    [InlineData("sample.json")]
    [InlineData("billsum_conversations.json")]
    [InlineData("benchmark-vllm-300qps-20250515-181500-weighted.json")]
    [InlineData("benchmark-vllm-300.0qps-2025-05-15-weighted.json")]
    [InlineData("benchmark-vllm-300.0qps-20250515-181500-weighted.txt")]
    public void TryParse_OtherNames_IsFalse(string fileName)
    {
        Assert.False(LpgFileName.TryParse(fileName, out var name));
        Assert.Null(name);
    }

    [Fact]
    public void For_ModelWithSlash_NamesTheFileAsLpgDoes()
    {
        var startedAt = new DateTimeOffset(2025, 5, 15, 18, 15, 0, TimeSpan.Zero);

        var name = LpgFileName.For("benchmark", "vllm", 300, startedAt, "meta-llama/Llama-3.1-8B-Instruct");

        Assert.Equal("benchmark-vllm-300.0qps-20250515-181500-meta-llama-Llama-3.1-8B-Instruct.json", name.ToString());
        Assert.False(name.IsOverall);
    }
}
