using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// The fake cluster's objects, as JSON, with what the API server adds to them (uid,
/// resourceVersion from one counter, creationTimestamp, generation), and the change history
/// watches are served from. History older than <see cref="OldestWatchable"/> is compacted away:
/// a watch from before it is answered 410 Gone, as etcd's compaction makes the real server do.
/// </summary>
public sealed class FakeObjectStore(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Type, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<WatchEvent> _history = [];
    private readonly List<(ResourceType Type, string? Namespace, Channel<WatchEvent> Channel)> _watchers = [];
    private long _resourceVersion = 100;

    /// <summary>The oldest resource version a watch may start from.</summary>
    public long OldestWatchable { get; private set; }

    /// <summary>The current resource version.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>A copy of the object, or null.</summary>
    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(type, ns, name), out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    /// <summary>Copies of the objects of <paramref name="type"/> (in <paramref name="ns"/>, or all), matching the label selector, and the current resource version.</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ResourceType type, string? ns, string? labelSelector = null)
    {
        var selector = LabelSelector.Parse(labelSelector);
        lock (_lock)
        {
            var items = _objects
                .Where(p => p.Key.Type == type.Key && (ns is null || p.Key.Namespace == ns))
                .Select(p => p.Value)
                .Where(o => selector.Matches(o))
                .OrderBy(o => o["metadata"]!["name"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>Stores <paramref name="item"/> (created or replaced) and returns the stored copy.</summary>
    public JsonObject Put(ResourceType type, string? ns, JsonObject item, bool specChanged = true)
    {
        lock (_lock)
        {
            var metadata = item["metadata"] as JsonObject ?? throw new ArgumentException("The object has no metadata.", nameof(item));
            var name = metadata["name"]!.GetValue<string>();
            var key = Key(type, ns, name);
            var exists = _objects.TryGetValue(key, out var previous);
            item["apiVersion"] = type.ApiVersion;
            item["kind"] = type.Kind;
            metadata["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
            if (ns is not null)
            {
                metadata["namespace"] = ns;
            }

            if (!exists)
            {
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = Timestamp(time);
                metadata["generation"] = 1;
            }
            else
            {
                metadata["uid"] = previous!["metadata"]!["uid"]!.DeepClone();
                metadata["creationTimestamp"] = previous["metadata"]!["creationTimestamp"]!.DeepClone();
                var generation = Number(previous["metadata"]!["generation"]) ?? 1;
                metadata["generation"] = specChanged ? generation + 1 : generation;
            }

            _objects[key] = (JsonObject)item.DeepClone();
            Publish(new WatchEvent(_resourceVersion, exists ? "MODIFIED" : "ADDED", type, ns, (JsonObject)item.DeepClone()));
            return (JsonObject)item.DeepClone();
        }
    }

    /// <summary>Removes the object; returns its last state, or null when it did not exist.</summary>
    public JsonObject? Remove(ResourceType type, string? ns, string name)
    {
        lock (_lock)
        {
            if (!_objects.Remove(Key(type, ns, name), out var item))
            {
                return null;
            }

            item["metadata"]!["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
            Publish(new WatchEvent(_resourceVersion, "DELETED", type, ns, (JsonObject)item.DeepClone()));
            return item;
        }
    }

    /// <summary>Every object in <paramref name="ns"/>, of any type.</summary>
    public IReadOnlyList<(ResourceType Type, string Name)> InNamespace(string ns)
    {
        lock (_lock)
        {
            return _objects.Keys.Where(k => k.Namespace == ns)
                .Select(k => (ResourceTypes.All.First(t => t.Key == k.Type), k.Name)).ToList();
        }
    }

    /// <summary>Forgets the history: every watch from a resource version before now gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _history.Clear();
            OldestWatchable = _resourceVersion;
        }
    }

    /// <summary>
    /// The events of <paramref name="type"/> after <paramref name="fromVersion"/> and a channel of
    /// those to come; null when that version is compacted away (410 Gone).
    /// </summary>
    public (IReadOnlyList<WatchEvent> Backlog, Channel<WatchEvent> Channel)? Watch(ResourceType type, string? ns, long fromVersion)
    {
        lock (_lock)
        {
            if (fromVersion < OldestWatchable)
            {
                return null;
            }

            var channel = Channel.CreateUnbounded<WatchEvent>();
            _watchers.Add((type, ns, channel));
            var backlog = _history.Where(e => e.ResourceVersion > fromVersion && Matches(e, type, ns)).ToList();
            return (backlog, channel);
        }
    }

    /// <summary>Stops sending to <paramref name="channel"/>.</summary>
    public void Unwatch(Channel<WatchEvent> channel)
    {
        lock (_lock)
        {
            _watchers.RemoveAll(w => w.Channel == channel);
        }
    }

    /// <summary>Ends every watch (server shutdown).</summary>
    public void CloseWatches()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Channel.Writer.TryComplete();
            }

            _watchers.Clear();
        }
    }

    /// <summary>A whole number, whether parsed from JSON or set in code as an int or a long.</summary>
    public static long? Number(JsonNode? node) => node is null ? null : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>An RFC 3339 time stamp of now, as the API server writes them.</summary>
    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private void Publish(WatchEvent change)
    {
        _history.Add(change);
        foreach (var watcher in _watchers.Where(w => Matches(change, w.Type, w.Namespace)))
        {
            watcher.Channel.Writer.TryWrite(change);
        }
    }

    private static bool Matches(WatchEvent change, ResourceType type, string? ns) =>
        change.Resource == type && (ns is null || change.Namespace == ns);

    private static (string, string, string) Key(ResourceType type, string? ns, string name) => (type.Key, ns ?? string.Empty, name);
}
