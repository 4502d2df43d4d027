using System.Text.Json;
using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Settings;

public sealed class SettingsLoaderTests
{
    [Fact]
    public void Load_ShippedSettingsFile_EqualsCompiledDefaults()
    {
        var file = RepositoryFiles.Path(SettingsLoader.FileName);

        var loaded = SettingsLoader.Load(file);

        var defaults = new SuiteSettings { RootDirectory = loaded.RootDirectory };
        Assert.Equal(Serialize(defaults), Serialize(loaded));
        Assert.Equal(RepositoryFiles.Root.TrimEnd('/'), loaded.RootDirectory.TrimEnd('/'));
    }

    [Fact]
    public void Load_PartialFile_KeepsDefaultsForKeysLeftOut()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """{ "Cases": { "MultiLora": { "SecondsPerRate": 60 } } }""");

        var settings = SettingsLoader.Load(file);

        Assert.Equal(60, settings.Cases.MultiLora.SecondsPerRate);
        Assert.Equal(15, settings.Cases.MultiLora.Models.Count);
        Assert.Equal([300.0, 310, 320, 330, 340, 350], settings.Cases.SingleWorkload.RequestRates);
    }

    [Fact]
    public void Load_ListInFile_ReplacesDefaultListInsteadOfAppending()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """{ "Cases": { "SingleWorkload": { "RequestRates": [ 5, 6 ] } } }""");

        var settings = SettingsLoader.Load(file);

        Assert.Equal([5.0, 6.0], settings.Cases.SingleWorkload.RequestRates);
    }

    [Fact]
    public void Load_CommentsAndRelativePaths_ResolveAgainstSettingsFolder()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("conf/testsettings.json", """
            // a comment
            { "Baselines": { "Folder": "../my-baselines" } }
            """);

        var settings = SettingsLoader.Load(file);

        Assert.Equal(folder.Combine("my-baselines"), settings.ResolvePath(settings.Baselines.Folder));
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        using var folder = new TemporaryFolder();
        var file = folder.Combine("absent.json");

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedJson_NamesTheFile()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """{ "Cases": { "MultiLora": { "SecondsPerRate": 60, } """);

        var error = Assert.Throws<SettingsException>(() => SettingsLoader.Load(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string Serialize(SuiteSettings settings) => JsonSerializer.Serialize(settings, Indented);
}
