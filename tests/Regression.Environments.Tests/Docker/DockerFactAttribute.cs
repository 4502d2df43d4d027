namespace Regression.Environments.Tests.Docker;

/// <summary>
/// A test that needs a Docker engine (and, with <see cref="NeedsSuiteImage"/>, this repository's
/// image). Where they are missing it is skipped with the reason, unless REGRESSION_REQUIRE_DOCKER
/// is true: then it runs, and fails on its first line with the same reason (a lane that expects
/// Docker must not pass by skipping).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DockerFactAttribute : FactAttribute
{
    /// <summary>The test also needs this repository's image (tools/ci/docker.sh builds it).</summary>
    public bool NeedsSuiteImage { get; set; }

    /// <inheritdoc />
    /// <remarks>Decided at discovery: xUnit 2 has no skip from inside a running test.</remarks>
    public override string Skip
    {
        get => base.Skip ?? (DockerAvailability.Required ? null : Problem)!;
        set => base.Skip = value;
    }

    /// <summary>What is missing for this test, or null.</summary>
    public string? Problem => NeedsSuiteImage ? DockerAvailability.ImageProblem : DockerAvailability.EngineProblem;
}
