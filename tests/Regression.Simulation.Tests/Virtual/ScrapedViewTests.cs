using Regression.Core.Settings;
using Regression.Simulation.Engine;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

public sealed class ScrapedViewTests
{
    private const string Model = "base";
    private const string Adapter = "adapter-0";

    // Steps of 10 ms, requests reach the scheduler 5 ms after their submit.
    private static readonly SimulatorSettings Settings = new()
    {
        StepBaseMilliseconds = 10,
        StepPerSequenceMicroseconds = 0,
        StepPerContextTokenMicroseconds = 0,
        PrefillPerTokenMicroseconds = 0,
        RequestOverheadMilliseconds = 5,
    };

    [Fact]
    public void Scrape_RequestSubmittedAfterATick_IsInvisibleUntilTheNextTick()
    {
        var engine = new ReplicaEngine(Settings, Model, new CompletionTable(1));
        var view = new ScrapedView([engine], readAdapters: false, DateTimeOffset.UnixEpoch);
        view.Scrape(0);

        engine.Submit(new EngineRequest(0, Model, 100, 100), 0.001);

        Assert.Equal(0, view.States[0].RunningCount + view.States[0].WaitingQueueLength);
        view.Scrape(0.05);
        Assert.Equal(1, view.States[0].RunningCount);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(0.05), view.States[0].ScrapedAt);
    }

    [Fact]
    public void Scrape_RequestStillInTheApiServer_IsNotYetWaiting()
    {
        var engine = new ReplicaEngine(Settings, Model, new CompletionTable(1));
        var view = new ScrapedView([engine], readAdapters: false, DateTimeOffset.UnixEpoch);

        engine.Submit(new EngineRequest(0, Model, 100, 100), 0);
        view.Scrape(0.004);

        Assert.Equal(0, view.States[0].RunningCount + view.States[0].WaitingQueueLength);
    }

    [Fact]
    public void Scrape_AdapterWentIdle_StillShowsItAsTheEndpointPickerReadsVllm()
    {
        var engine = new ReplicaEngine(Settings, Model, new CompletionTable(1), maxLoras: 2);
        engine.RegisterAdapter(Adapter);
        var view = new ScrapedView([engine], readAdapters: true, DateTimeOffset.UnixEpoch);
        engine.Submit(new EngineRequest(0, Adapter, 10, 2, IgnoreEos: true), 0);

        view.Scrape(0.02);
        Assert.Contains(Adapter, view.States[0].ActiveAdapters);
        view.Scrape(1);

        Assert.Equal(0, view.States[0].RunningCount);
        Assert.Contains(Adapter, view.States[0].ActiveAdapters);
        Assert.Equal(2, view.States[0].MaxAdapters);
        Assert.Equal(Model, view.States[0].BaseModel);
    }

    [Fact]
    public void IndexOf_AStateFromTheView_FindsItsReplica()
    {
        var engines = new[] { new ReplicaEngine(Settings, Model, new CompletionTable(1)), new ReplicaEngine(Settings, Model, new CompletionTable(1)) };
        var view = new ScrapedView(engines, readAdapters: false, DateTimeOffset.UnixEpoch);
        view.Scrape(0);

        Assert.Equal(1, view.IndexOf(view.States[1]));
        Assert.Equal("replica-1", view.States[1].Id);
        Assert.Throws<InvalidOperationException>(() => view.IndexOf(view.States[1] with { }));
    }

    [Fact]
    public void ScrapedAdapters_ListsChange_SetsFollowAndEmptyListsKeepTheLast()
    {
        var adapters = new ScrapedAdapters();

        adapters.Read(["a", "b"], []);
        Assert.Equal(["a", "b"], adapters.Running.Order());
        adapters.Read([], ["c"]);
        Assert.Empty(adapters.Running);
        Assert.Equal(["c"], adapters.Waiting);
        adapters.Read([], []);

        Assert.Equal(["c"], adapters.Waiting);
    }
}
