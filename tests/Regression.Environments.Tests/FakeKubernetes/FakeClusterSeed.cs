using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>What exists before a run, as on upstream's cluster: namespace <c>default</c> with the Gateway, and GPU nodes.</summary>
public static class FakeClusterSeed
{
    public const string GatewayName = "inference-gateway";
    public const string GatewayNamespace = "default";
    public const int GpusPerNode = 8;
    public const int Nodes = 2;

    public static void Seed(FakeKubernetesServer server)
    {
        server.Store.Put(ResourceTypes.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = GatewayNamespace }, ["status"] = new JsonObject { ["phase"] = "Active" } });
        server.Store.Put(ResourceTypes.Gateways, GatewayNamespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = GatewayName },
            ["spec"] = new JsonObject
            {
                ["gatewayClassName"] = "gke-l7-regional-external-managed",
                ["listeners"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "HTTP" }),
            },
            ["status"] = new JsonObject { ["addresses"] = new JsonArray(new JsonObject { ["type"] = "IPAddress", ["value"] = server.Script.GatewayAddress }) },
        });
        for (var i = 0; i < Nodes; i++)
        {
            server.Store.Put(ResourceTypes.Nodes, null, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"gpu-node-{i}", ["labels"] = new JsonObject { ["nvidia.com/gpu.product"] = "NVIDIA-H100-80GB-HBM3" } },
                ["status"] = new JsonObject { ["allocatable"] = new JsonObject { ["nvidia.com/gpu"] = $"{GpusPerNode}", ["cpu"] = "208", ["memory"] = "1843Gi" } },
            });
        }
    }
}
