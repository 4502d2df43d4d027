using Regression.Core.Settings;
using Regression.Simulation.Gateway;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

public sealed class ReplicaScraperTests
{
    private static readonly GatewaySettings Settings = new();

    [Fact]
    public async Task ScrapeAll_HealthyReplica_KeepsItsState()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        replica.MetricsText = VllmMetricsText.For(waiting: 3, running: 9, kvCache: 0.25, runningAdapters: "adapter-2");
        var clock = GatewayTestHost.Clock();
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, clock);
        using var guard = TestTimeouts.HangGuard();

        await scraper.ScrapeAllAsync(guard.Token);

        var state = Assert.Single(scraper.States);
        Assert.True(state.IsHealthy);
        Assert.Equal(replica.Id, state.Id);
        Assert.Equal(3, state.WaitingQueueLength);
        Assert.Equal(9, state.RunningCount);
        Assert.Equal(0.25, state.KvCacheUsage);
        Assert.Equal(["adapter-2"], state.ActiveAdapters);
        Assert.Equal(clock.GetUtcNow(), state.ScrapedAt);
        Assert.Equal(1, Assert.Single(scraper.Statuses).Successes);
    }

    [Fact]
    public async Task Scraper_BeforeAnyScrape_ReportsReplicasUnhealthy()
    {
        await using var scraper = new ReplicaScraper([new Uri("http://127.0.0.1:9/")], Settings, GatewayTestHost.Clock());

        Assert.False(Assert.Single(scraper.States).IsHealthy);
    }

    [Fact]
    public async Task Loop_EachInterval_ScrapesAgain()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        var clock = GatewayTestHost.Clock();
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, clock);
        using var guard = TestTimeouts.HangGuard();
        scraper.Start();
        replica.MetricsText = VllmMetricsText.For(waiting: 7);
        var scraped = NextScrapeAsync(scraper, guard.Token);

        clock.Advance(Settings.ScrapeInterval);

        Assert.Equal(7, (await scraped).State.WaitingQueueLength);
        Assert.Equal(7, scraper.States[0].WaitingQueueLength);
    }

    [Fact]
    public async Task ScrapeAll_ErrorStatus_MarksUnhealthyAndKeepsTheError()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, GatewayTestHost.Clock());
        using var guard = TestTimeouts.HangGuard();
        replica.MetricsText = VllmMetricsText.For(waiting: 2);
        await scraper.ScrapeAllAsync(guard.Token);
        replica.MetricsStatusCode = 500;

        await scraper.ScrapeAllAsync(guard.Token);

        var state = Assert.Single(scraper.States);
        Assert.False(state.IsHealthy);
        Assert.Equal(2, state.WaitingQueueLength);
        var status = Assert.Single(scraper.Statuses);
        Assert.Equal((1, 1, 1), (status.Successes, status.Failures, status.ConsecutiveFailures));
        Assert.Contains("answered 500", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrapeAll_AfterAFailure_SuccessMakesTheReplicaHealthyAgain()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, GatewayTestHost.Clock());
        using var guard = TestTimeouts.HangGuard();
        replica.MetricsText = "not metrics at all";
        await scraper.ScrapeAllAsync(guard.Token);
        var failed = scraper.Statuses[0];
        replica.MetricsText = VllmMetricsText.For();

        await scraper.ScrapeAllAsync(guard.Token);

        Assert.Contains("vllm:num_requests_running", failed.LastError, StringComparison.Ordinal);
        Assert.True(scraper.States[0].IsHealthy);
        Assert.Equal(0, scraper.Statuses[0].ConsecutiveFailures);
        Assert.Equal(failed.LastError, scraper.Statuses[0].LastError);
    }

    [Fact]
    public async Task ScrapeAll_MetricsMissingAGauge_MarksUnhealthyNamingIt()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, GatewayTestHost.Clock());
        using var guard = TestTimeouts.HangGuard();
        replica.MetricsText = "vllm:num_requests_running 1\n";

        await scraper.ScrapeAllAsync(guard.Token);

        Assert.False(scraper.States[0].IsHealthy);
        Assert.Contains("vllm:num_requests_waiting", scraper.Statuses[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScrapeAll_ReplicaThatDoesNotAnswer_TimesOutOnTheInjectedClock()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        var clock = GatewayTestHost.Clock();
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, clock);
        using var guard = TestTimeouts.HangGuard();
        replica.HangMetrics = true;

        var scrape = scraper.ScrapeAllAsync(guard.Token);
        clock.Advance(Settings.ScrapeTimeout);
        await scrape;

        Assert.False(scraper.States[0].IsHealthy);
        Assert.Contains("timed out after 1000 ms", scraper.Statuses[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitUntilAllHealthy_ReplicaRecovers_ReturnsTrueAtTheNextCheck()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        var clock = GatewayTestHost.Clock();
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, clock);
        using var guard = TestTimeouts.HangGuard();
        replica.MetricsStatusCode = 500;
        await scraper.ScrapeAllAsync(guard.Token);

        var wait = scraper.WaitUntilAllHealthyAsync(TimeSpan.FromSeconds(10), guard.Token);
        var completedWhileFailing = wait.IsCompleted;
        replica.MetricsStatusCode = 200;
        await scraper.ScrapeAllAsync(guard.Token);
        clock.Advance(Settings.ScrapeInterval);

        Assert.False(completedWhileFailing);
        Assert.True(await wait);
    }

    [Fact]
    public async Task WaitUntilAllHealthy_ReplicaKeepsFailing_ReturnsFalseAfterTheTimeout()
    {
        await using var replica = await FakeReplica.StartAsync("a");
        var clock = GatewayTestHost.Clock();
        await using var scraper = new ReplicaScraper([replica.BaseAddress], Settings, clock);
        using var guard = TestTimeouts.HangGuard();
        replica.MetricsStatusCode = 500;
        await scraper.ScrapeAllAsync(guard.Token);

        var wait = scraper.WaitUntilAllHealthyAsync(Settings.ScrapeInterval * 3, guard.Token);
        while (!wait.IsCompleted)
        {
            // Each check registers its next delay after the previous one fired: advance until it gives up.
            // An advance made before that registration is lost, so no count of advances suffices on a
            // loaded machine; the hang guard bounds the loop instead.
            clock.Advance(Settings.ScrapeInterval);
            await Task.Delay(5, guard.Token);
        }

        Assert.False(await wait);
        Assert.True(clock.GetUtcNow() - GatewayTestHost.Clock().GetUtcNow() >= Settings.ScrapeInterval * 3);
    }

    [Fact]
    public async Task ScrapeAll_ReplicaGone_MarksOnlyItUnhealthy()
    {
        await using var alive = await FakeReplica.StartAsync("alive");
        var gone = await FakeReplica.StartAsync("gone");
        await gone.DisposeAsync();
        await using var scraper = new ReplicaScraper([alive.BaseAddress, gone.BaseAddress], Settings, GatewayTestHost.Clock());
        using var guard = TestTimeouts.HangGuard();

        await scraper.ScrapeAllAsync(guard.Token);

        Assert.Equal([true, false], scraper.States.Select(s => s.IsHealthy));
        Assert.StartsWith($"GET {gone.BaseAddress}metrics failed", scraper.Statuses[1].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadReplicaList_IsRejectedNamingTheAddress()
    {
        var clock = GatewayTestHost.Clock();

        Assert.Throws<ArgumentException>(() => new ReplicaScraper([], Settings, clock));
        Assert.Contains("'ftp://x/'", Assert.Throws<ArgumentException>(() => new ReplicaScraper([new Uri("ftp://x/")], Settings, clock)).Message, StringComparison.Ordinal);
        Assert.Contains("listed 2 times", Assert.Throws<ArgumentException>(() =>
            new ReplicaScraper([new Uri("http://127.0.0.1:5000"), new Uri("http://127.0.0.1:5000/")], Settings, clock)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_ReplicaUnderAPath_KeepsThePath()
    {
        var endpoint = ReplicaEndpoint.For(new Uri("http://127.0.0.1:5000/replica-3"));

        Assert.Equal("http://127.0.0.1:5000/replica-3/", endpoint.Id);
        Assert.Equal("http://127.0.0.1:5000/replica-3/metrics", endpoint.MetricsUri.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:5000/replica-3", endpoint.ForwardPrefix);
    }

    private static Task<ReplicaScrapedEventArgs> NextScrapeAsync(ReplicaScraper scraper, CancellationToken cancellationToken)
    {
        var next = new TaskCompletionSource<ReplicaScrapedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnScraped(object? sender, ReplicaScrapedEventArgs e)
        {
            scraper.Scraped -= OnScraped;
            next.TrySetResult(e);
        }

        scraper.Scraped += OnScraped;
        cancellationToken.Register(() => next.TrySetCanceled(cancellationToken));
        return next.Task;
    }
}
