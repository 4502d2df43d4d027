using Regression.Tests.Shared;

namespace Regression.Tests.Cases;

/// <summary>Run folders: one per test process, shared by its cases, never by two processes.</summary>
public sealed class RunFoldersTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void CaseFolder_TwoCasesOfOneProcess_ShareOneTimestampedFolder()
    {
        var folders = new RunFolders(new FixedTime(Start), Suffixes("a1b2c3"));

        var single = folders.CaseFolder(folder.Path, "SingleWorkload");
        var multi = folders.CaseFolder(folder.Path, "MultiLora");

        var root = Path.Combine(folder.Path, "20250601-120000-a1b2c3");
        Assert.Equal(Path.Combine(root, "SingleWorkload"), single);
        Assert.Equal(Path.Combine(root, "MultiLora"), multi);
        Assert.True(Directory.Exists(single) && Directory.Exists(multi));
    }

    [Fact]
    public void CaseFolder_TwoProcessesInTheSameSecondDrawingTheSameSuffix_GetDifferentFolders()
    {
        var first = new RunFolders(new FixedTime(Start), Suffixes("aaaaaa"));
        var second = new RunFolders(new FixedTime(Start), Suffixes("aaaaaa", "bbbbbb"));

        var mine = first.CaseFolder(folder.Path, "SingleWorkload");
        var theirs = second.CaseFolder(folder.Path, "SingleWorkload");

        Assert.Equal(Path.Combine(folder.Path, "20250601-120000-aaaaaa", "SingleWorkload"), mine);
        Assert.Equal(Path.Combine(folder.Path, "20250601-120000-bbbbbb", "SingleWorkload"), theirs);
    }

    [Fact]
    public void CaseFolder_RandomSuffixes_NeverShareAFolderWithinOneSecond()
    {
        var processes = Enumerable.Range(0, 8).Select(_ => new RunFolders(new FixedTime(Start), RunFolders.RandomSuffix)).ToArray();

        var roots = processes.Select(p => Path.GetDirectoryName(p.CaseFolder(folder.Path, "SingleWorkload"))!).ToArray();

        Assert.Equal(roots.Length, roots.Distinct(StringComparer.Ordinal).Count());
        Assert.All(roots, root => Assert.Matches(@"^20250601-120000-[0-9a-f]{6}$", Path.GetFileName(root)));
    }

    [Fact]
    public void CaseFolder_EveryNameTaken_ThrowsNamingTheOutputFolder()
    {
        new RunFolders(new FixedTime(Start), Suffixes("cccccc")).CaseFolder(folder.Path, "SingleWorkload");
        var unlucky = new RunFolders(new FixedTime(Start), Suffixes("cccccc"));

        var error = Assert.Throws<IOException>(() => unlucky.CaseFolder(folder.Path, "SingleWorkload"));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
    }

    // Gives the listed suffixes in order, then repeats the last one.
    private static Func<string> Suffixes(params string[] values)
    {
        var next = 0;
        return () => values[Math.Min(next++, values.Length - 1)];
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
