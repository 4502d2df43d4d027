using Regression.Core.Results;
using Regression.Core.Results.Lpg;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Results;

public sealed class ResultFolderReaderTests
{
    [Fact]
    public void Read_SingleWorkloadDownload_GivesOneRatePerWeightedFileWithItsModelFile()
    {
        using var folder = new TemporaryFolder();
        var sweep = LpgRuns.SingleWorkload();
        var json = LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-before", sweep);

        var read = ResultFolderReader.Read(json);

        Assert.Equal(ResultFormat.Lpg, read.Format);
        Assert.Equal(Path.GetFullPath(json), read.Source);
        Assert.Equal(LpgRuns.SingleWorkloadRates, read.Rates.Select(r => r.RequestRate));
        Assert.Equal(LpgRuns.SingleWorkloadModels, read.Models);
        Assert.Equal(LpgRuns.Tokenizer, read.Tokenizer);
        Assert.Equal("vllm", read.Backend);
        Assert.All(read.Rates.Zip(sweep.Rates), pair =>
        {
            Assert.Equal(pair.Second.Overall, pair.First.Overall);
            Assert.Equal(pair.Second.StartedAt, pair.First.StartedAt);
            Assert.Equal(pair.Second.PerModel[LpgRuns.SingleWorkloadModels[0]], pair.First.PerModel[LpgRuns.SingleWorkloadModels[0]]);
        });
    }

    [Fact]
    public void Read_MultiLoraDownload_GivesFifteenAdaptersPerRateInAdapterOrder()
    {
        using var folder = new TemporaryFolder();
        var json = LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-after", LpgRuns.MultiLora());

        var read = ResultFolderReader.Read(json);

        Assert.Equal(LpgRuns.MultiLoraRates, read.Rates.Select(r => r.RequestRate));
        Assert.Equal(LpgRuns.Adapters, read.Models);
        Assert.All(read.Rates, rate => Assert.Equal(15, rate.PerModel.Count));
        Assert.All(read.Rates, rate => Assert.Equal(rate.Overall.PromptsSucceeded, rate.PerModel.Values.Sum(m => m.PromptsAttempted)));
    }

    [Fact]
    public void Read_BenchmarkIdOrRunIdFolder_DescendsIntoResultsJson()
    {
        using var folder = new TemporaryFolder();
        var json = LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-before", LpgRuns.SingleWorkload());

        var fromBenchmarkId = ResultFolderReader.Read(folder.Combine("output", "default-run", "regression-before"));
        var fromRunId = ResultFolderReader.Read(folder.Combine("output", "default-run"));

        Assert.Equal(Path.GetFullPath(json), fromBenchmarkId.Source);
        Assert.Equal(Path.GetFullPath(json), fromRunId.Source);
        Assert.Equal(6, fromRunId.Rates.Count);
    }

    [Fact]
    public void Read_RunIdFolderWithSeveralBenchmarkIds_ListsThem()
    {
        using var folder = new TemporaryFolder();
        LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-before", LpgRuns.SingleWorkload());
        LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-after", LpgRuns.SingleWorkload());

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Combine("output", "default-run")));

        Assert.Contains("2 benchmark ids (regression-after, regression-before)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HandMadeRun_SkipsTheDatasetAndTheConsoleLog()
    {
        var read = ResultFolderReader.Read(TestData.HandRun);

        var rate = Assert.Single(read.Rates);
        Assert.Equal(2.0, rate.RequestRate);
        Assert.Equal(6, rate.Overall.PromptsAttempted);
        Assert.Equal(["model-a", "model-c", "org/model-b"], read.Models);
        Assert.Equal(0, rate.PerModel["model-c"].PromptsSucceeded);
    }

    [Fact]
    public void Read_InferencePerfFolder_GivesOneRatePerStageAndIgnoresSummaries()
    {
        var read = ResultFolderReader.Read(TestData.InferencePerfFolder);

        Assert.Equal(ResultFormat.InferencePerf, read.Format);
        Assert.Equal([1.0, 31.4, 61.79, 92.19, 122.59, 152.98, 183.38], read.Rates.Select(r => r.RequestRate));
        Assert.Equal(5531, read.At(92.19)!.Overall.PromptsAttempted);
        Assert.Empty(read.Models);
    }

    [Fact]
    public void Read_LegacySampleFolder_TakesTheSingleFileAsOverall()
    {
        var read = ResultFolderReader.Read(Path.GetDirectoryName(TestData.LegacySample)!);

        Assert.Equal(ResultFormat.LpgLegacy, read.Format);
        Assert.Equal(59999, Assert.Single(read.Rates).Overall.PromptsAttempted);
        Assert.Equal(["meta-llama/Llama-2-7b-hf"], read.Models);
        Assert.Equal("meta-llama/Llama-2-7b-hf", read.Tokenizer);
    }

    [Fact]
    public void Read_MissingFolder_NamesIt()
    {
        using var folder = new TemporaryFolder();
        var missing = folder.Combine("nowhere");

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(missing));

        Assert.Equal($"{missing}: the folder does not exist", error.Message);
    }

    [Fact]
    public void Read_EmptyFolder_SaysThereAreNoResultFiles()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.StartsWith($"{folder.Path}: no result files;", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FolderWithOnlyDatasetAndLog_ListsWhatWasSkipped()
    {
        using var folder = new TemporaryFolder();
        folder.WriteFile("billsum_conversations.json", "\uFEFF  [{\"conversations\": []}]");
        folder.WriteFile("latency-profile-2025-05-15_18-00-00.txt", "log");

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("no result files (skipped billsum_conversations.json, latency-profile-2025-05-15_18-00-00.txt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MixedSchemas_NamesOneFileOfEach()
    {
        using var folder = new TemporaryFolder();
        folder.Copy(TestData.LegacySample, "sample.json");
        folder.Copy(TestData.HandRunFile("weighted"), Path.GetFileName(TestData.HandRunFile("weighted")));

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("benchmark-vllm-2.0qps-20250515-181500-weighted.json is LPG@46d6382", error.Message, StringComparison.Ordinal);
        Assert.Contains("sample.json is legacy LPG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LpgAndInferencePerfTogether_IsMixed()
    {
        using var folder = new TemporaryFolder();
        folder.Copy(TestData.InferencePerfStage(0), "stage_0_lifecycle_metrics.json");
        folder.Copy(TestData.HandRunFile("weighted"), Path.GetFileName(TestData.HandRunFile("weighted")));

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("stage_0_lifecycle_metrics.json is inference-perf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoRunsCopiedIntoOneFolder_IsADuplicatedRate()
    {
        using var folder = new TemporaryFolder();
        LpgResultWriter.WriteSweep(folder.Path, LpgRuns.SingleWorkload());
        LpgResultWriter.WriteSweep(folder.Path, LpgRuns.SingleWorkload(TimeSpan.FromHours(1)));

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("duplicated rate 300 (files of different runs (20250515-180000, 20250515-190000)", error.Message, StringComparison.Ordinal);
        Assert.Contains("benchmark-vllm-300.0qps-20250515-180000-weighted.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("benchmark-vllm-300.0qps-20250515-190000-weighted.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SeveralFilesOfARateWithoutWeighted_IsADuplicatedRate()
    {
        using var folder = new TemporaryFolder();
        folder.Copy(TestData.HandRunFile("model-a"), Path.GetFileName(TestData.HandRunFile("model-a")));
        folder.Copy(TestData.HandRunFile("model-c"), Path.GetFileName(TestData.HandRunFile("model-c")));

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("duplicated rate 2 (several files and no weighted one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoStagesAtOneRate_IsADuplicatedRate()
    {
        using var folder = new TemporaryFolder();
        folder.Copy(TestData.InferencePerfStage(3), "stage_3_lifecycle_metrics.json");
        folder.Copy(TestData.InferencePerfStage(3), "stage_7_lifecycle_metrics.json");

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.Contains("duplicated rate 92.19: stage_3_lifecycle_metrics.json, stage_7_lifecycle_metrics.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ABadFileInTheFolder_FailsNamingThatFile()
    {
        using var folder = new TemporaryFolder();
        folder.Copy(TestData.HandRunFile("weighted"), Path.GetFileName(TestData.HandRunFile("weighted")));
        var bad = folder.WriteFile("benchmark-vllm-2.0qps-20250515-181500-model-a.json", "{\"metrics\": ");

        var error = Assert.Throws<ResultFormatException>(() => ResultFolderReader.Read(folder.Path));

        Assert.StartsWith(bad + ": not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Folder_WritesNothing()
    {
        using var folder = new TemporaryFolder();
        var json = LpgRuns.WriteDownloadLayout(folder, "default-run", "regression-before", LpgRuns.SingleWorkload());
        var before = Snapshot(folder.Path);

        ResultFolderReader.Read(folder.Combine("output", "default-run"));

        Assert.Equal(before, Snapshot(folder.Path));
        Assert.Equal(14, Directory.GetFiles(json).Length);
    }

    private static List<string> Snapshot(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => $"{p}|{(File.Exists(p) ? new FileInfo(p).Length : -1)}|{File.GetLastWriteTimeUtc(p):O}")
            .Order(StringComparer.Ordinal)];
}
