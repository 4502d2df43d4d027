using Regression.Core.Settings;
using Regression.Tests.Shared;

namespace Regression.Core.Tests.Settings;

/// <summary>These tests set process environment variables, so they never run beside each other.</summary>
[CollectionDefinition(nameof(ProcessEnvironmentTests), DisableParallelization = true)]
public sealed class ProcessEnvironmentTests;

[Collection(nameof(ProcessEnvironmentTests))]
public sealed class SettingsEnvironmentOverrideTests
{
    [Fact]
    public void Load_EnvironmentOverride_WinsOverFile()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """{ "Cases": { "MultiLora": { "SecondsPerRate": 60 } } }""");

        var settings = WithVariables(
            () => SettingsLoader.Load(file),
            ("REGRESSION__Cases__MultiLora__SecondsPerRate", "300"),
            ("REGRESSION__Cases__SingleWorkload__RequestRates", "300, 320,340"),
            ("REGRESSION__Baselines__Accept", "true"));

        Assert.Equal(300, settings.Cases.MultiLora.SecondsPerRate);
        Assert.Equal([300.0, 320, 340], settings.Cases.SingleWorkload.RequestRates);
        Assert.True(settings.Baselines.Accept);
    }

    [Fact]
    public void Load_CommaSeparatedOverride_ReplacesTheFilesArray()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", """{ "Cases": { "MultiLora": { "Models": [ "a", "b", "c" ], "TrafficSplit": [] } } }""");

        var settings = WithVariables(
            () => SettingsLoader.Load(file),
            ("REGRESSION__Cases__MultiLora__Models", "x,y"));

        Assert.Equal(["x", "y"], settings.Cases.MultiLora.Models);
    }

    [Fact]
    public void Load_InvalidEnvironmentOverride_IsReportedWithItsKey()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("testsettings.json", "{}");

        var error = Assert.Throws<SettingsException>(() => WithVariables(
            () => SettingsLoader.Load(file),
            ("REGRESSION__Cases__MultiLora__Replicas", "0"),
            ("REGRESSION__Cases__MultiLora__Replica", "3")));

        Assert.Contains("Cases:MultiLora:Replicas = 0: must be a whole number of at least 1 and at most 256.", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("Cases:MultiLora:Replica: unknown key", StringComparison.Ordinal));
        Assert.Contains("REGRESSION__* overrides", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SettingsFileVariable_NamesTheFileToUse()
    {
        using var folder = new TemporaryFolder();
        var file = folder.WriteFile("elsewhere.json", """{ "Output": { "Folder": "out" } }""");

        var settings = WithVariables(() => SettingsLoader.Load(), (SettingsLoader.FileVariable, file));

        Assert.Equal("out", settings.Output.Folder);
        Assert.Equal(folder.Path, settings.RootDirectory);
    }

    private static T WithVariables<T>(Func<T> action, params (string Name, string Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        try
        {
            return action();
        }
        finally
        {
            foreach (var (name, _) in variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
