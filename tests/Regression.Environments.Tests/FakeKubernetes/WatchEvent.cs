using System.Text.Json.Nodes;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>A change of the store, as a watch streams it: ADDED, MODIFIED or DELETED, with the object after the change.</summary>
public sealed record WatchEvent(long ResourceVersion, string Type, ResourceType Resource, string? Namespace, JsonObject Item);
