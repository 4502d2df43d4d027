using Microsoft.Extensions.Time.Testing;
using Regression.Core.Settings;
using Regression.Simulation.Gateway;
using Regression.Simulation.Routing;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Gateway;

/// <summary>Starts a gateway over fake replicas with a fake clock: scrapes happen only when a test asks.</summary>
internal static class GatewayTestHost
{
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2025, 5, 15, 0, 0, 0, TimeSpan.Zero));

    public static async Task<EndpointPickingGateway> StartAsync(
        IEnumerable<FakeReplica> replicas, FakeTimeProvider clock, GatewaySettings? settings = null, IRoutingPolicy? policy = null)
    {
        settings ??= new GatewaySettings();
        using var guard = TestTimeouts.HangGuard();
        return await EndpointPickingGateway.StartAsync(
            replicas.Select(r => r.BaseAddress).ToArray(), settings, policy ?? RoutingPolicyFactory.Create(settings, new Random(7)), clock, guard.Token);
    }

    public static HttpClient Client(EndpointPickingGateway gateway) => new() { BaseAddress = gateway.BaseAddress, Timeout = TestTimeouts.Hang };
}
