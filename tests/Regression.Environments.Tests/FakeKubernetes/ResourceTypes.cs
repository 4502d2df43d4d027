namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>The resources the fake serves: what the environment reads, writes and watches.</summary>
public static class ResourceTypes
{
    public static ResourceType Namespaces { get; } = new(string.Empty, "v1", "namespaces", "Namespace", Namespaced: false);

    public static ResourceType Nodes { get; } = new(string.Empty, "v1", "nodes", "Node", Namespaced: false);

    public static ResourceType Pods { get; } = new(string.Empty, "v1", "pods", "Pod", Namespaced: true);

    public static ResourceType Events { get; } = new(string.Empty, "v1", "events", "Event", Namespaced: true);

    public static ResourceType Secrets { get; } = new(string.Empty, "v1", "secrets", "Secret", Namespaced: true);

    public static ResourceType ConfigMaps { get; } = new(string.Empty, "v1", "configmaps", "ConfigMap", Namespaced: true);

    public static ResourceType Services { get; } = new(string.Empty, "v1", "services", "Service", Namespaced: true);

    public static ResourceType Deployments { get; } = new("apps", "v1", "deployments", "Deployment", Namespaced: true);

    public static ResourceType ClusterRoles { get; } = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", Namespaced: false);

    public static ResourceType ClusterRoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", Namespaced: false);

    public static ResourceType InferencePools { get; } = new("inference.networking.k8s.io", "v1", "inferencepools", "InferencePool", Namespaced: true);

    public static ResourceType LegacyInferencePools { get; } = new("inference.networking.x-k8s.io", "v1alpha2", "inferencepools", "InferencePool", Namespaced: true);

    public static ResourceType InferenceModels { get; } = new("inference.networking.x-k8s.io", "v1alpha2", "inferencemodels", "InferenceModel", Namespaced: true);

    public static ResourceType InferenceObjectives { get; } = new("inference.networking.x-k8s.io", "v1alpha2", "inferenceobjectives", "InferenceObjective", Namespaced: true);

    public static ResourceType HttpRoutes { get; } = new("gateway.networking.k8s.io", "v1", "httproutes", "HTTPRoute", Namespaced: true);

    public static ResourceType Gateways { get; } = new("gateway.networking.k8s.io", "v1", "gateways", "Gateway", Namespaced: true);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Nodes, Pods, Events, Secrets, ConfigMaps, Services, Deployments, ClusterRoles, ClusterRoleBindings,
        InferencePools, LegacyInferencePools, InferenceModels, InferenceObjectives, HttpRoutes, Gateways,
    ];

    /// <summary>The resource at <c>{apiVersion}/{plural}</c>, or null when the fake does not serve it (the real server answers 404).</summary>
    public static ResourceType? Find(string apiVersion, string plural) =>
        All.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Plural == plural);
}
