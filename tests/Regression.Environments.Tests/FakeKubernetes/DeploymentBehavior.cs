namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>How a Deployment's pods behave: ready after the script's delay, or never, waiting for a reason.</summary>
/// <param name="NeverReady">The pods stay waiting.</param>
/// <param name="WaitingReason">Their containers' waiting reason, e.g. <c>ImagePullBackOff</c>.</param>
/// <param name="WaitingMessage">The waiting message.</param>
/// <param name="EventReason">The Warning event recorded for each pod.</param>
/// <param name="EventMessage">Its message.</param>
public sealed record DeploymentBehavior(bool NeverReady, string WaitingReason, string WaitingMessage, string EventReason, string EventMessage)
{
    /// <summary>Pods whose image cannot be pulled.</summary>
    public static DeploymentBehavior ImagePullBackOff(string image) => new(
        NeverReady: true,
        "ImagePullBackOff",
        $"Back-off pulling image \"{image}\"",
        "Failed",
        $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to resolve reference \"{image}\": not found");

    /// <summary>Pods whose command line starts with <paramref name="executable"/>, which the image lacks (the runtime quotes it).</summary>
    public static DeploymentBehavior ExecutableNotFound(string executable) => new(
        NeverReady: true,
        "RunContainerError",
        $"failed to create containerd task: exec: \"{executable}\": executable file not found in $PATH: unknown",
        "Failed",
        $"Error: failed to start container: exec: \"{executable}\": executable file not found in $PATH");
}
