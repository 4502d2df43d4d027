using Regression.Core.Settings;
using Regression.Simulation.Engine;

namespace Regression.Simulation.Tests.Engine;

/// <summary>An engine with a recording sink and helpers that keep tests short.</summary>
internal sealed class TestReplica
{
    public const string BaseModel = "base-model";

    /// <summary>Every step of <see cref="FixedStep"/> takes this long, whatever it computes.</summary>
    public const double Step = 0.010;

    /// <summary>Decimal places to which event times are compared (sums of steps are not exact in binary).</summary>
    public const int TimePrecision = 9;

    public TestReplica(SimulatorSettings? settings = null, int? maxLoras = null)
    {
        Engine = new ReplicaEngine(settings ?? FixedStep, BaseModel, Events, maxLoras);
    }

    /// <summary>Settings whose steps all take <see cref="Step"/>, with no API overhead and free adapter loads.</summary>
    public static SimulatorSettings FixedStep { get; } = new()
    {
        StepBaseMilliseconds = Step * 1000,
        StepPerSequenceMicroseconds = 0,
        StepPerContextTokenMicroseconds = 0,
        PrefillPerTokenMicroseconds = 0,
        RequestOverheadMilliseconds = 0,
        LoraStepOverheadPerAdapter = 0,
        AdapterLoadMilliseconds = 0,
        AdapterBytesPerRank = 0,
    };

    public RecordingSink Events { get; } = new();

    public ReplicaEngine Engine { get; }

    public SubmitResult Submit(long id, int promptTokens, int maxTokens, double at = 0, string model = BaseModel, bool stream = false, bool ignoreEos = true) =>
        Engine.Submit(new EngineRequest(id, model, promptTokens, maxTokens, ignoreEos, stream), at);

    /// <summary>Advances event by event until nothing is left to do.</summary>
    public void RunUntilIdle()
    {
        while (double.IsFinite(Engine.NextEventTime))
        {
            Engine.AdvanceTo(Engine.NextEventTime);
        }
    }

    public RequestCompletion Completion(long id) => Events.Completions.Single(c => c.RequestId == id);

    public void RegisterAdapters(params string[] names)
    {
        foreach (var name in names)
        {
            Assert.Equal(AdapterChange.Registered, Engine.RegisterAdapter(name));
        }
    }
}
