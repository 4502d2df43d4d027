using Regression.LoadGeneration.Datasets;

namespace Regression.LoadGeneration.Tests.Datasets;

public sealed class ConversationFileReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lg-datasets-").FullName;

    [Fact]
    public async Task ReadAsync_SmallFile_KeepsTwoTurnEntriesInOrder()
    {
        var file = await ConversationFileReader.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Data", "small_conversations.json"));

        Assert.Equal(5, file.Entries);
        Assert.Equal(4, file.Conversations.Count);
        Assert.Equal(1, file.DroppedShortEntries);
        Assert.Equal("What is the capital of France?", file.Conversations[0].Prompt);
        Assert.Equal("The capital of France is Paris.", file.Conversations[0].Completion);
        Assert.Equal("Übersetze bitte: \"guten Tag\"\n", file.Conversations[2].Prompt);
        Assert.Equal("Third turn ignored?", file.Conversations[3].Prompt);
    }

    [Fact]
    public async Task ReadAsync_RepositorySample_IsValid()
    {
        var sample = Path.Combine(RepositoryRoot(), "datasets", "sample_conversations.json");

        var file = await ConversationFileReader.ReadAsync(sample);

        Assert.NotEmpty(file.Conversations);
        Assert.NotEmpty(LengthFilter.Apply(file.Conversations, 1024, 1024));
    }

    [Fact]
    public async Task ReadAsync_LargeFile_ReadsAcrossBufferRefills()
    {
        var entries = Enumerable.Range(0, 3000).Select(i => $"{{\"conversations\": [{{\"from\": \"human\", \"value\": \"prompt {i} {new string('x', i % 300)}\"}}, {{\"from\": \"gpt\", \"value\": \"answer {i}\"}}]}}");
        var path = Write("large.json", "[\n" + string.Join(",\n", entries) + "\n]");

        var file = await ConversationFileReader.ReadAsync(path);

        Assert.Equal(3000, file.Conversations.Count);
        Assert.Equal("answer 2999", file.Conversations[^1].Completion);
    }

    [Theory]
    [InlineData("{\"conversations\": []}", null, "must hold a JSON array")]
    [InlineData("", null, "empty")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}, 42]", 1, "is a JSON number")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}, {\"turns\": []}]", 1, "has no \"conversations\" list")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"from\": \"gpt\"}]}]", 0, "turn 1 of \"conversations\" has no string \"value\"")]
    [InlineData("[{\"conversations\": [{\"value\": 1}, {\"value\": \"b\"}]}]", 0, "turn 0")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}, {\"conversations\": [{\"value\": \"a\"}", 1, "invalid JSON")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}, {\"conversations\": [{\"value\": \"a\" {\"value\": \"b\"}]}]", 1, "invalid JSON at line 1")]
    [InlineData("[{\"conversations\": [{\"value\": \"a\"}, {\"value\": \"b\"}]}", 1, "invalid JSON")]
    [InlineData("[] []", null, "invalid JSON")]
    public async Task ReadAsync_MalformedFile_NamesTheFileAndTheEntry(string content, int? entry, string problem)
    {
        var path = Write("bad.json", content);

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => ConversationFileReader.ReadAsync(path));

        Assert.Equal(path, error.Path);
        Assert.Equal(entry, error.EntryIndex);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        if (entry is { } index)
        {
            Assert.Contains($"entry {index}:", error.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    internal static string RepositoryRoot() =>
        typeof(ConversationFileReaderTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;

    private string Write(string name, string content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
