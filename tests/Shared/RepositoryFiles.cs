using System.Reflection;

namespace Regression.Tests.Shared;

/// <summary>Paths of files the repository ships, wherever the tests were built to.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = typeof(RepositoryFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}
