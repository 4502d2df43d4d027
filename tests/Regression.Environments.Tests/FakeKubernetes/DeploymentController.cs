using System.Globalization;
using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// The fake's Deployment controller and kubelet in one: an applied Deployment gets its pods at
/// once (Pending, ContainerCreating) and, after the script's delay, running and ready pods and an
/// Available status; a scripted Deployment's pods wait forever, with a Warning event each.
/// The <c>benchmark-tool</c> pod starts the fake LPG.
/// </summary>
public sealed class DeploymentController(FakeKubernetesServer server)
{
    private const string OwnerLabel = "fake.regression/deployment";

    /// <summary>Brings the pods of <paramref name="deployment"/> in <paramref name="ns"/> to its spec.</summary>
    public void Reconcile(string ns, JsonObject deployment)
    {
        var name = deployment["metadata"]!["name"]!.GetValue<string>();
        var replicas = (int)(FakeObjectStore.Number(deployment["spec"]?["replicas"]) ?? 1);
        var generation = FakeObjectStore.Number(deployment["metadata"]!["generation"]);
        var hash = $"{(uint)StringComparer.Ordinal.GetHashCode(name + generation) % 100_000_000:00000000}";
        foreach (var old in server.Store.List(ResourceTypes.Pods, ns, $"{OwnerLabel}={name}").Items)
        {
            server.Store.Remove(ResourceTypes.Pods, ns, old["metadata"]!["name"]!.GetValue<string>());
        }

        var pods = Enumerable.Range(0, replicas).Select(i => $"{name}-{hash}-{i:x5}").ToList();
        foreach (var pod in pods)
        {
            server.Store.Put(ResourceTypes.Pods, ns, NewPod(ns, pod, name, deployment));
        }

        SetStatus(ns, name, available: 0);
        if (server.Script.Deployments.TryGetValue(name, out var behavior) && behavior.NeverReady)
        {
            foreach (var pod in pods)
            {
                SetContainers(ns, pod, new JsonObject { ["waiting"] = new JsonObject { ["reason"] = behavior.WaitingReason, ["message"] = behavior.WaitingMessage } }, ready: false, phase: "Pending");
                AddEvent(ns, pod, behavior.EventReason, behavior.EventMessage);
            }

            return;
        }

        server.Background.Run(async () =>
        {
            await Task.Delay(server.Script.ReadyDelay, server.Stopping);
            await server.Script.ReadyGate.WaitAsync(server.Stopping);
            foreach (var pod in pods)
            {
                var runtime = server.Runtimes.GetOrAdd((ns, pod), _ => new PodRuntime());
                runtime.Start();
                SetContainers(ns, pod, new JsonObject { ["running"] = new JsonObject { ["startedAt"] = FakeObjectStore.Timestamp(TimeProvider.System) } }, ready: true, phase: "Running");
                if (name == FakeLpg.DeploymentName)
                {
                    server.Background.Run(() => new FakeLpg(server, ns, pod, deployment, runtime).RunAsync(server.Stopping), server.Stopping);
                }
            }

            SetStatus(ns, name, available: replicas);
        }, server.Stopping);
    }

    /// <summary>Sets the main container's state of <paramref name="pod"/> (and, with <paramref name="lastState"/>, a restart).</summary>
    public void SetContainers(string ns, string pod, JsonObject state, bool ready, string phase, JsonObject? lastState = null)
    {
        var current = server.Store.Get(ResourceTypes.Pods, ns, pod);
        if (current is null)
        {
            return;
        }

        var containers = current["spec"]!["containers"]!.AsArray();
        var statuses = new JsonArray();
        foreach (var container in containers)
        {
            statuses.Add(new JsonObject
            {
                ["name"] = container!["name"]!.DeepClone(),
                ["image"] = container["image"]?.DeepClone(),
                ["ready"] = ready,
                ["started"] = ready,
                ["restartCount"] = lastState is null ? 0 : 1,
                ["state"] = state.DeepClone(),
                ["lastState"] = lastState?.DeepClone() ?? new JsonObject(),
            });
        }

        current["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            ["containerStatuses"] = statuses,
        };
        server.Store.Put(ResourceTypes.Pods, ns, current, specChanged: false);
    }

    private static JsonObject NewPod(string ns, string pod, string deployment, JsonObject spec)
    {
        var template = spec["spec"]!["template"]!;
        var labels = (template["metadata"]?["labels"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        labels[OwnerLabel] = deployment;
        var podSpec = template["spec"]!.DeepClone().AsObject();
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = ns, ["labels"] = labels },
            ["spec"] = podSpec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Pending",
                ["containerStatuses"] = new JsonArray((podSpec["containers"]!.AsArray()).Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c!["name"]!.DeepClone(),
                    ["ready"] = false,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                }).ToArray()),
            },
        };
    }

    private void SetStatus(string ns, string name, int available)
    {
        var deployment = server.Store.Get(ResourceTypes.Deployments, ns, name);
        if (deployment is null)
        {
            return;
        }

        var replicas = (int)(FakeObjectStore.Number(deployment["spec"]?["replicas"]) ?? 1);
        var ready = available == replicas;
        deployment["status"] = new JsonObject
        {
            ["observedGeneration"] = deployment["metadata"]!["generation"]!.DeepClone(),
            ["replicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["readyReplicas"] = available,
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = replicas - available,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available",
                ["status"] = ready ? "True" : "False",
                ["reason"] = ready ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            }),
        };
        server.Store.Put(ResourceTypes.Deployments, ns, deployment, specChanged: false);
    }

    private void AddEvent(string ns, string pod, string reason, string message)
    {
        var now = FakeObjectStore.Timestamp(TimeProvider.System);
        server.Store.Put(ResourceTypes.Events, ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{pod}.{server.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture)}" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = pod, ["namespace"] = ns },
            ["reason"] = reason,
            ["message"] = message,
            ["type"] = "Warning",
            ["count"] = 3,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["source"] = new JsonObject { ["component"] = "kubelet" },
        });
    }
}
