using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;

namespace Regression.LoadGeneration.Tests.Datasets;

public sealed class PromptDatasetTests
{
    [Fact]
    public async Task Load_DatasetFile_IsResolvedAgainstTheRootAndFiltered()
    {
        var caseSettings = new CaseSettings { DatasetFile = "datasets/sample_conversations.json" };

        var dataset = await PromptDataset.LoadAsync(caseSettings, new LoadGeneratorSettings(), ConversationFileReaderTests.RepositoryRoot());

        Assert.EndsWith("sample_conversations.json", dataset.Source, StringComparison.Ordinal);
        Assert.True(Path.IsPathRooted(dataset.Source));
        Assert.InRange(dataset.Prompts.Count, 1, dataset.Entries);
    }

    [Fact]
    public async Task Load_NoFile_GeneratesTheCasesStandIn()
    {
        var caseSettings = new CaseSettings { Dataset = SyntheticDataset.InfinityInstructLike };

        var dataset = await PromptDataset.LoadAsync(caseSettings, new LoadGeneratorSettings { SyntheticDatasetSize = 20 }, Path.GetTempPath());

        Assert.Equal(20, dataset.Prompts.Count);
        Assert.Contains("InfinityInstructLike", dataset.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NothingPassesTheFilter_NamesTheFileAndTheCaps()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lg-short-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "[{\"conversations\": [{\"value\": \"hi\"}, {\"value\": \"ok\"}]}]");
        try
        {
            var error = await Assert.ThrowsAsync<DatasetFormatException>(() => PromptDataset.LoadAsync(new CaseSettings { DatasetFile = path }, new LoadGeneratorSettings(), "/"));

            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("4..1024", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
