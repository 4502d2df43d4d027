using Regression.Core.Settings;
using Regression.Simulation.Engine;

namespace Regression.Simulation.Tests.Engine;

public sealed class DeterminismTests
{
    [Fact]
    public void Engine_SameInputs_SameEvents()
    {
        Assert.Equal(Run(order: Enumerable.Range(0, 300)), Run(order: Enumerable.Range(0, 300)));
    }

    [Fact]
    public void Engine_RequestsInAnotherOrder_KeepTheirOutputLengths()
    {
        var forward = Run(Enumerable.Range(0, 300)).ToDictionary(c => c.RequestId, c => c.OutputTokens);
        var backward = Run(Enumerable.Range(0, 300).Reverse()).ToDictionary(c => c.RequestId, c => c.OutputTokens);

        Assert.Equal(forward.OrderBy(p => p.Key), backward.OrderBy(p => p.Key));
    }

    // A busy replica with realistic costs, LoRA traffic, a small KV cache (preemptions) and the EOS rule.
    private static List<RequestCompletion> Run(IEnumerable<int> order)
    {
        var settings = new SimulatorSettings { KvCacheTokens = 20_000, MaxNumSeqs = 64, MaxNumBatchedTokens = 512 };
        var replica = new TestReplica(settings, maxLoras: 2);
        replica.RegisterAdapters("adapter-0", "adapter-1", "adapter-2");
        var time = 0.0;
        foreach (var id in order)
        {
            var model = (id % 4) switch { 0 => TestReplica.BaseModel, var n => $"adapter-{n - 1}" };
            replica.Submit(id, promptTokens: 200 + (id * 37 % 800), maxTokens: 50 + (id * 13 % 200), at: time, model: model, ignoreEos: false);
            time += 0.004;
        }

        replica.RunUntilIdle();
        Assert.Equal(300, replica.Events.Completions.Count);
        Assert.True(replica.Engine.Snapshot().Counters.Preemptions > 0, "The scenario should exercise preemption.");
        return replica.Events.Completions;
    }
}
