using System.Collections.Concurrent;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>What the fake cluster does, set by a test before (or while) the environment runs.</summary>
public sealed class FakeClusterScript
{
    /// <summary>How long pods take from created to running and ready (real time). Default 10 ms.</summary>
    public TimeSpan ReadyDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// What pods also wait for, after <see cref="ReadyDelay"/>, before they turn running and ready:
    /// lets a test hold them until the environment has done what it checks (no race with a delay).
    /// Default: already completed.
    /// </summary>
    public Task ReadyGate { get; set; } = Task.CompletedTask;

    /// <summary>How long a deleted namespace stays Terminating before it and its objects are gone. Default 10 ms.</summary>
    public TimeSpan NamespaceDeletionDelay { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Pause between the rates of the fake LPG's log. Default 2 ms.</summary>
    public TimeSpan LpgRateDelay { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>What the <c>benchmark-tool</c> pod does.</summary>
    public LpgBehavior Lpg { get; set; } = LpgBehavior.Completes;

    /// <summary>Lines the fake LPG prints after its Hugging Face login (more of its script's xtrace, say).</summary>
    public ConcurrentQueue<string> LpgExtraLines { get; } = new();

    /// <summary>Per Deployment name, pods that behave otherwise than ready.</summary>
    public ConcurrentDictionary<string, DeploymentBehavior> Deployments { get; } = new(StringComparer.Ordinal);

    /// <summary>Injected API errors.</summary>
    public ConcurrentBag<FaultRule> Faults { get; } = [];

    /// <summary>Entries added to every <c>tar</c> a pod sends (to test the copier's guards).</summary>
    public ConcurrentBag<(string Name, byte[] Content)> ExtraTarEntries { get; } = [];

    /// <summary>Answer a watch's first request with 410 Gone (as after a compaction), once per resource plural listed here.</summary>
    public ConcurrentDictionary<string, int> GoneOnFirstWatch { get; } = new(StringComparer.Ordinal);

    /// <summary>The address the preloaded Gateway reports (a documentation address: nothing is ever sent to it).</summary>
    public string GatewayAddress { get; set; } = "192.0.2.10";

    /// <summary>The fake's server version.</summary>
    public string ServerVersion { get; set; } = "v1.33.2-fake";
}
