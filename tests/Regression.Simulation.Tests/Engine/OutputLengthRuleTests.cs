using Regression.Core.Settings;
using Regression.Simulation.Engine;

namespace Regression.Simulation.Tests.Engine;

public sealed class OutputLengthRuleTests
{
    private const int Samples = 10_000;

    private static readonly OutputLengthRule Defaults = new(new SimulatorSettings());

    [Fact]
    public void OutputTokens_IgnoreEos_IsExactlyMaxTokens()
    {
        Assert.All(Enumerable.Range(0, 100), id => Assert.Equal(150, Defaults.OutputTokens(id, 150, ignoreEos: true)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    public void OutputTokens_AnyRequest_IsBetweenOneAndMaxTokens(int maxTokens)
    {
        var lengths = Enumerable.Range(0, Samples).Select(id => Defaults.OutputTokens(id, maxTokens, ignoreEos: false)).ToArray();

        Assert.All(lengths, length => Assert.InRange(length, 1, maxTokens));
    }

    [Fact]
    public void OutputTokens_SameSeedAndId_SameLengthWhateverTheOrder()
    {
        var rule = new OutputLengthRule(seed: 42, medianRatio: 1, spread: 0.5);
        var forward = Enumerable.Range(0, 1000).Select(id => rule.OutputTokens(id, 500, false)).ToArray();
        var backward = Enumerable.Range(0, 1000).Reverse().Select(id => new OutputLengthRule(42, 1, 0.5).OutputTokens(id, 500, false)).Reverse().ToArray();

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void OutputTokens_AnotherSeed_OtherLengths()
    {
        var one = Enumerable.Range(0, 1000).Select(id => new OutputLengthRule(1, 1, 0.5).OutputTokens(id, 500, false));
        var two = Enumerable.Range(0, 1000).Select(id => new OutputLengthRule(2, 1, 0.5).OutputTokens(id, 500, false));

        Assert.NotEqual(one, two);
    }

    [Fact]
    public void OutputTokens_DefaultRule_AboutHalfReachMaxTokensAndTheRestStopEarlier()
    {
        var lengths = Enumerable.Range(0, Samples).Select(id => Defaults.OutputTokens(id, 200, ignoreEos: false)).ToArray();

        var atMax = lengths.Count(length => length == 200) / (double)Samples;
        Assert.InRange(atMax, 0.47, 0.53);
        Assert.InRange(lengths.Average(), 0.80 * 200, 0.88 * 200);
        Assert.Contains(lengths, length => length < 100);
    }

    [Fact]
    public void OutputTokens_NoSpread_EveryRequestTheSameFraction()
    {
        var rule = new OutputLengthRule(seed: 1, medianRatio: 0.5, spread: 0);

        Assert.All(Enumerable.Range(0, 100), id => Assert.Equal(100, rule.OutputTokens(id, 200, ignoreEos: false)));
    }

    [Fact]
    public void Engine_EosRule_ShorterAnswersFinishWithStopAndFullOnesWithLength()
    {
        var replica = new TestReplica();
        for (var id = 0; id < 200; id++)
        {
            replica.Submit(id, 10, 50, ignoreEos: false);
        }

        replica.RunUntilIdle();

        Assert.All(replica.Events.Completions, c => Assert.Equal(c.OutputTokens == 50 ? FinishReason.Length : FinishReason.Stop, c.Reason));
        Assert.Contains(replica.Events.Completions, c => c.Reason == FinishReason.Stop);
        Assert.All(replica.Events.Completions, c => Assert.Equal(Defaults.OutputTokens(c.RequestId, 50, false), c.OutputTokens));
    }
}
