using System.Formats.Tar;
using System.Text;
using Regression.Environments.Kubernetes.LoadGenerator;
using Regression.Tests.Shared;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class TarResultExtractorTests
{
    private const string Result = "benchmark-vllm-300.0qps-20250515-181500-weighted.json";

    [Fact]
    public async Task Extract_RequestedFiles_WritesThemIntoTheFolder()
    {
        using var folder = new TemporaryFolder();
        using var tar = Tar((Result, "{}"));

        var written = await TarResultExtractor.ExtractAsync(tar, folder.Path, new HashSet<string> { Result }, "test tar", CancellationToken.None);

        Assert.Equal([folder.Combine(Result)], written);
        Assert.Equal("{}", await File.ReadAllTextAsync(folder.Combine(Result)));
    }

    [Theory]
    [InlineData("../escaped.json")]
    [InlineData("/etc/escaped.json")]
    [InlineData("sub/benchmark-vllm-300.0qps-20250515-181500-weighted.json")]
    public async Task Extract_EntryOutsideTheRequestedNames_FailsAndWritesNothingOutside(string name)
    {
        using var parent = new TemporaryFolder();
        var folder = parent.Combine("run");
        using var tar = Tar((name, "{\"evil\": true}"));

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => TarResultExtractor.ExtractAsync(tar, folder, new HashSet<string> { Result }, "test tar", CancellationToken.None));

        Assert.Contains($"'{name}'", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(parent.Combine("escaped.json")));
        Assert.Empty(Directory.GetFiles(parent.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Extract_ExistingFile_IsNeverOverwritten()
    {
        using var folder = new TemporaryFolder();
        folder.WriteFile(Result, "kept");
        using var tar = Tar((Result, "{}"));

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => TarResultExtractor.ExtractAsync(tar, folder.Path, new HashSet<string> { Result }, "test tar", CancellationToken.None));

        Assert.Contains("already exists", failure.Message, StringComparison.Ordinal);
        Assert.Equal("kept", await File.ReadAllTextAsync(folder.Combine(Result)));
    }

    [Fact]
    public async Task Extract_MissingRequestedFile_FailsNamingIt()
    {
        using var folder = new TemporaryFolder();
        using var tar = Tar();

        var failure = await Assert.ThrowsAsync<EnvironmentException>(() => TarResultExtractor.ExtractAsync(tar, folder.Path, new HashSet<string> { Result }, "test tar", CancellationToken.None));

        Assert.Equal($"test tar: the archive lacks {Result}.", failure.Message);
    }

    private static MemoryStream Tar(params (string Name, string Content)[] files)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        buffer.Position = 0;
        return buffer;
    }
}
