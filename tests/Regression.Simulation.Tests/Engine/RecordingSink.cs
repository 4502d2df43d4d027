using Regression.Simulation.Engine;

namespace Regression.Simulation.Tests.Engine;

/// <summary>Keeps every engine event, in order.</summary>
internal sealed class RecordingSink : IReplicaEventSink
{
    public List<TokenEvent> FirstTokens { get; } = [];

    public List<TokenEvent> Tokens { get; } = [];

    public List<RequestCompletion> Completions { get; } = [];

    public void OnFirstToken(in TokenEvent token) => FirstTokens.Add(token);

    public void OnToken(in TokenEvent token) => Tokens.Add(token);

    public void OnCompleted(in RequestCompletion completion) => Completions.Add(completion);
}
