using Docker.DotNet;
using DotNet.Testcontainers.Configurations;
using Regression.Core.Settings;

namespace Regression.Environments.Tests.Docker;

/// <summary>
/// Whether the Docker tests can run here: an engine that answers (as Testcontainers finds it:
/// DOCKER_HOST, else the default socket) and this repository's image built by tools/ci/docker.sh.
/// Checked once per test run.
/// </summary>
internal static class DockerAvailability
{
    /// <summary>Set to <c>true</c> where Docker is expected (CI): a missing engine or image fails the tests instead of skipping them.</summary>
    public const string RequireVariable = "REGRESSION_REQUIRE_DOCKER";

    /// <summary>Names this repository's image when it is not the default tag (tools/ci/docker.sh reads it too).</summary>
    public const string ImageVariable = "REGRESSION_IMAGE";

    // How long the engine may take to answer a ping or an image question before it counts as not answering.
    private static readonly TimeSpan InspectTimeout = TimeSpan.FromSeconds(10);

    private static readonly Lazy<string?> EngineProblemOnce = new(FindEngineProblem);
    private static readonly Lazy<string?> ImageProblemOnce = new(FindImageProblem);

    /// <summary>This repository's image: <c>REGRESSION_IMAGE</c>, else the tag docker.sh builds (<see cref="K3sSettings.SimulatorImage"/>'s default).</summary>
    public static string SuiteImage { get; } = Environment.GetEnvironmentVariable(ImageVariable) is { Length: > 0 } image ? image : new K3sSettings().SimulatorImage;

    /// <summary>True where a missing engine or image must fail the tests.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable(RequireVariable), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why no engine can be used, or null when one answers.</summary>
    public static string? EngineProblem => EngineProblemOnce.Value;

    /// <summary>Why the suite image cannot be used (no engine, or not built), or null when it can.</summary>
    public static string? ImageProblem => EngineProblem ?? ImageProblemOnce.Value;

    /// <summary>Fails with <paramref name="problem"/> when it is set (a test that runs although its needs are missing: the lane requires Docker).</summary>
    public static void Require(string? problem)
    {
        if (problem is not null)
        {
            throw new InvalidOperationException($"{problem} ({RequireVariable}=true, so this fails instead of skipping.)");
        }
    }

    private static string? FindEngineProblem()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var where = host is { Length: > 0 } ? $"DOCKER_HOST = '{host}'" : "DOCKER_HOST unset, default socket";
        try
        {
            // A DOCKER_HOST that is set must answer itself: Testcontainers would fall back to the
            // default socket, and the tests would run on an engine nobody named.
            if (host is { Length: > 0 } && !Answers(new DockerEndpointAuthenticationConfiguration(new Uri(host), null)))
            {
                return $"No Docker engine answers at {where}; start one with tools/ci/docker.sh or unset DOCKER_HOST.";
            }

            return TestcontainersSettings.OS.DockerEndpointAuthConfig is null
                ? $"No Docker engine answers ({where}); start one with tools/ci/docker.sh."
                : null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Discovery itself failed (e.g. DOCKER_HOST is not a URI): that is an unusable engine, said once.
            return $"No usable Docker engine ({where}): {e.Message}";
        }
    }

    private static bool Answers(DockerEndpointAuthenticationConfiguration endpoint)
    {
        using var docker = endpoint.GetDockerClientBuilder(Guid.NewGuid()).Build();
        using var timeout = new CancellationTokenSource(InspectTimeout);
        try
        {
            docker.System.PingAsync(timeout.Token).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or DockerApiException or OperationCanceledException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static string? FindImageProblem()
    {
        using var docker = TestcontainersSettings.OS.DockerEndpointAuthConfig!.GetDockerClientBuilder(Guid.NewGuid()).Build();
        using var timeout = new CancellationTokenSource(InspectTimeout);
        try
        {
            docker.Images.InspectImageAsync(SuiteImage, timeout.Token).GetAwaiter().GetResult();
            return null;
        }
        catch (DockerImageNotFoundException)
        {
            return $"The image {SuiteImage} is not built; build it with tools/ci/docker.sh.";
        }
    }
}
