using Microsoft.Extensions.Configuration;
using Regression.Core.Settings;
using Regression.Environments;
using Regression.Tests.Cases;
using Regression.Tests.Shared;

namespace Regression.Tests.Faults;

/// <summary>The Faults section: off by default, refused where it cannot apply, each bad value named with its key.</summary>
[Trait("Category", "Faults")]
[Collection(RegressionCases.Name)]
public sealed class FaultSettingsTests
{
    [Fact]
    public void Load_ShippedSettings_InjectNoFault()
    {
        var settings = Bind([]);

        Assert.False(settings.Faults.Any);
        Assert.Empty(settings.Faults.Describe());
    }

    [Fact]
    public void Load_EnvironmentOverrides_TurnAFaultOn()
    {
        using var file = new TemporaryFolder();
        var path = file.Copy(RepositoryFiles.Path(SettingsLoader.FileName), SettingsLoader.FileName);
        string[] names = ["REGRESSION__Faults__StopReplica__Replica", "REGRESSION__Faults__StopReplica__AtRate", "REGRESSION__Faults__StopReplica__After"];
        SuiteSettings settings;
        try
        {
            Environment.SetEnvironmentVariable(names[0], "3");
            Environment.SetEnvironmentVariable(names[1], "320");
            Environment.SetEnvironmentVariable(names[2], "00:00:05");
            settings = SettingsLoader.Load(path);
        }
        finally
        {
            foreach (var name in names)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        Assert.Equal(new ReplicaStopFault { Replica = 3, AtRate = 320, After = TimeSpan.FromSeconds(5) }, settings.Faults.StopReplica);
        Assert.Equal(["replica-3 stops 5 s into the 320 req/s rate"], settings.Faults.Describe());
        Assert.Equal(
            ["the gateway stalls for 2 s 0.5 s into each rate from the 20 req/s rate on"],
            (settings.Faults with { StopReplica = new(), GatewayStall = new() { AtRate = 20, After = TimeSpan.FromSeconds(0.5) } }).Describe());
    }

    [Theory]
    [InlineData("Endpoint", "Faults:GatewayStall set while Environment:Kind = Endpoint: faults are injected only into the embedded cluster (Kind = Embedded).")]
    [InlineData("Kubernetes", "Faults:GatewayStall set while Environment:Kind = Kubernetes: faults are injected only into the embedded cluster (Kind = Embedded).")]
    public void Load_FaultOutsideTheEmbeddedEnvironment_IsRefused(string kind, string problem)
    {
        var refused = Assert.Throws<SettingsException>(() => Bind(new()
        {
            ["Environment:Kind"] = kind,
            ["Environment:EndpointUrl"] = "http://127.0.0.1:9/",
            ["Kubernetes:LpgImage"] = "example/lpg:1",
            ["Faults:GatewayStall:AtRate"] = "300",
        }));

        Assert.Contains(problem, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FaultWhileRecordingABaseline_IsRefused()
    {
        var refused = Assert.Throws<SettingsException>(() => Bind(new()
        {
            ["Baselines:Accept"] = "true",
            ["Faults:StopReplica:Replica"] = "0",
            ["Faults:StopReplica:AtRate"] = "300",
            ["Faults:ReplicaErrors:Replica"] = "1",
            ["Faults:ReplicaErrors:AtRate"] = "310",
        }));

        Assert.Contains(
            "Faults:StopReplica, Faults:ReplicaErrors set while Baselines:Accept = true: a baseline must not be recorded with injected faults.",
            refused.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadFaultValues_AreAllNamedWithKeyAndValue()
    {
        var refused = Assert.Throws<SettingsException>(() => Bind(new()
        {
            ["Faults:StopReplica:AtRate"] = "300",
            ["Faults:StopReplica:After"] = "-00:00:01",
            ["Faults:ReplicaErrors:Replica"] = "-1",
            ["Faults:ReplicaErrors:Fraction"] = "0",
            ["Faults:GatewayStall:AtRate"] = "0",
            ["Faults:GatewayStall:Duration"] = "00:00:00",
        }));

        Assert.Contains("Faults:StopReplica:Replica is not set: AtRate = 300 needs the index of the replica that stops.", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:StopReplica:After = -00:00:01: must be a duration", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:ReplicaErrors:Replica = -1: must be a whole number of at least 0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:ReplicaErrors:Replica = -1 without AtRate: set AtRate", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:ReplicaErrors:Fraction = 0: must be a finite number greater than 0 and at most 1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:GatewayStall:AtRate = 0: must be a finite number greater than 0", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:GatewayStall:Duration = 00:00:00: must be a positive duration", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProblemsFor_FaultTheCaseCannotReach_NamesTheKeysOfBoth()
    {
        var faults = new FaultSettings
        {
            StopReplica = new() { Replica = 10, AtRate = 300 },
            GatewayStall = new() { AtRate = 200, After = TimeSpan.FromSeconds(15) },
        };

        var problems = faults.ProblemsFor(Bind([]).Cases.SingleWorkload, "Cases:SingleWorkload");

        Assert.Equal(
            [
                "Faults:StopReplica:Replica = 10: Cases:SingleWorkload:Replicas = 10, so replicas are numbered 0 to 9.",
                "Faults:GatewayStall:AtRate = 200: not one of Cases:SingleWorkload:RequestRates = [300, 310, 320, 330, 340, 350]; a fault fires when its rate starts.",
                "Faults:GatewayStall:After = 00:00:15: must be shorter than Cases:SingleWorkload:SecondsPerRate = 15 s, or the rate has ended before the fault.",
                "Faults:GatewayStall: After + Duration = 00:00:17 is longer than Cases:SingleWorkload:SecondsPerRate = 15 s, so one rate's stall would run into the next one's.",
            ],
            problems);
    }

    [Fact]
    public async Task EmbeddedEnvironment_FaultAtARateTheCaseLacks_RefusesTheCaseBeforeStartingAnything()
    {
        var settings = Bind(new() { ["Faults:GatewayStall:AtRate"] = "300" });
        using var folder = new TemporaryFolder();
        await using var environment = EnvironmentFactory.Create(settings);
        var run = new CaseRun(RegressionCase.MultiLora, settings.Cases.MultiLora, folder.Path, new Progress<string>());

        var refused = await Assert.ThrowsAsync<EnvironmentException>(() => environment.RunSweepAsync(run, CancellationToken.None));

        Assert.StartsWith("MultiLora cannot inject its faults: Faults:GatewayStall:AtRate = 300: not one of Cases:MultiLora:RequestRates", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    private static SuiteSettings Bind(Dictionary<string, string?> overrides)
    {
        var file = RepositoryFiles.Path(SettingsLoader.FileName);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).AddInMemoryCollection(overrides).Build();
        return SettingsLoader.Bind(configuration, Path.GetDirectoryName(file)!, file);
    }
}
