using System.Collections.Frozen;
using Regression.Simulation.Routing;

namespace Regression.Simulation.Tests.Routing;

/// <summary>Builds replica states for routing tests.</summary>
internal static class Replicas
{
    public const string BaseModel = "meta-llama/Llama-3.1-8B-Instruct";

    public static ReplicaState Replica(
        string id,
        int waiting = 0,
        double kvCache = 0,
        string[]? active = null,
        string[]? waitingAdapters = null,
        int maxAdapters = 3,
        bool healthy = true) => new()
        {
            Id = id,
            WaitingQueueLength = waiting,
            KvCacheUsage = kvCache,
            ActiveAdapters = (active ?? []).ToFrozenSet(),
            WaitingAdapters = (waitingAdapters ?? []).ToFrozenSet(),
            MaxAdapters = maxAdapters,
            BaseModel = BaseModel,
            IsHealthy = healthy,
        };

    public static string[] Ids(IEnumerable<ReplicaState> replicas) => replicas.Select(r => r.Id).ToArray();

    public static RoutingRequest Adapter(string name, Criticality criticality = Criticality.Critical) => new(name, criticality);

    public static RoutingRequest Base(Criticality criticality = Criticality.Critical) => new(BaseModel, criticality);
}
