using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Settings;

/// <summary>The README's bounds table is the one the declared ranges generate, so it cannot go stale.</summary>
public sealed class ReadmeBoundsTableTests
{
    [Fact]
    public void Readme_BoundsTable_IsTheGeneratedOne()
    {
        var readme = File.ReadAllText(RepositoryFiles.Path("README.md")).ReplaceLineEndings("\n");
        var table = SettingsBoundsTable.ToMarkdown().ReplaceLineEndings("\n").TrimEnd();

        Assert.True(
            readme.Contains(table, StringComparison.Ordinal),
            $"README.md's bounds table differs from the declared ranges; replace it with:\n{table}");
    }
}
