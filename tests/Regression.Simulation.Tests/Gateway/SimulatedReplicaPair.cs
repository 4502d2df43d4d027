using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;
using Regression.Simulation.Routing;
using Regression.Simulation.Tests.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

/// <summary>Two simulated replicas on loopback, driven by one fake clock, for gateways that route paired requests.</summary>
internal sealed class SimulatedReplicaPair : IAsyncDisposable
{
    private readonly ReplicaDriver _driver;

    private SimulatedReplicaPair(FakeTimeProvider clock, ReplicaDriver driver, ReplicaHost first, ReplicaHost second)
    {
        Clock = clock;
        _driver = driver;
        Replicas = [first, second];
    }

    public FakeTimeProvider Clock { get; }

    public IReadOnlyList<ReplicaHost> Replicas { get; }

    public static async Task<SimulatedReplicaPair> StartAsync(DateTimeOffset start)
    {
        var clock = new FakeTimeProvider(start);
        var driver = new ReplicaDriver(clock);
        ReplicaHost? first = null;
        try
        {
            using var guard = TestTimeouts.HangGuard();
            first = await ReplicaHost.StartAsync(Options("replica-a"), driver, guard.Token);
            var second = await ReplicaHost.StartAsync(Options("replica-b"), driver, guard.Token);
            return new SimulatedReplicaPair(clock, driver, first, second);
        }
        catch (Exception)
        {
            if (first is not null)
            {
                await first.DisposeAsync();
            }

            driver.Dispose();
            throw;
        }
    }

    /// <summary>A gateway with the default settings (endpoint picker, seed 1) over both replicas, on the same clock.</summary>
    public async Task<EndpointPickingGateway> StartGatewayAsync()
    {
        var settings = new GatewaySettings();
        using var guard = TestTimeouts.HangGuard();
        return await EndpointPickingGateway.StartAsync(
            Replicas.Select(r => r.BaseAddress).ToArray(), settings, RoutingPolicyFactory.Create(settings, new Random(7)), Clock, guard.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var replica in Replicas)
            {
                await replica.DisposeAsync();
            }
        }
        finally
        {
            _driver.Dispose();
        }
    }

    private static ReplicaHostOptions Options(string name) =>
        new() { Name = name, BaseModel = TestReplicaHost.BaseModel, Simulator = TestReplicaHost.FastSettings };
}
