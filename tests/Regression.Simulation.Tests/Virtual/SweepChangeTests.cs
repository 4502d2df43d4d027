using Regression.Core.Settings;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

public sealed class SweepChangeTests
{
    [Fact]
    public void SettingsOverrides_DecodeFivePercentOfTheDefaults_ScalesTheThreeStepCosts()
    {
        var overrides = SweepChanges.SlowerDecode(1.05).SettingsOverrides(new SuiteSettings(), RegressionCase.SingleWorkload);

        Assert.Equal(
            [
                new("Simulator:StepBaseMilliseconds", "7.539"),
                new("Simulator:StepPerSequenceMicroseconds", "10.5"),
                new("Simulator:StepPerContextTokenMicroseconds", "0.0798"),
            ],
            overrides);
    }

    [Fact]
    public void SettingsOverrides_FollowTheSettingsValues()
    {
        var settings = new SuiteSettings { Simulator = new SimulatorSettings { StepBaseMilliseconds = 10 } };

        var overrides = SweepChanges.SlowerDecode(1.10).SettingsOverrides(settings, RegressionCase.MultiLora);

        Assert.Equal("11", overrides.Single(o => o.Key == "Simulator:StepBaseMilliseconds").Value);
    }

    [Fact]
    public void SettingsOverrides_ParsedBack_GiveTheVirtualRunsExactValues()
    {
        var settings = new SuiteSettings();
        var change = SweepChanges.SlowerDecode(1.10);

        var virtualRun = change.Apply(VirtualClusterOptions.From(settings, RegressionCase.SingleWorkload)).Simulator;
        var overrides = change.SettingsOverrides(settings, RegressionCase.SingleWorkload).ToDictionary();

        Assert.Equal(virtualRun.StepBaseMilliseconds, double.Parse(overrides["Simulator:StepBaseMilliseconds"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(virtualRun.StepPerContextTokenMicroseconds, double.Parse(overrides["Simulator:StepPerContextTokenMicroseconds"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("round-robin", "Gateway:Policy", "RoundRobin")]
    [InlineData("max-loras-2", "Cases:MultiLora:MaxLoras", "2")]
    [InlineData("adapter-loads-10", "Simulator:AdapterLoadMilliseconds", "15")]
    [InlineData("adapter-loads-10", "Simulator:AdapterLoadGigabytesPerSecond", "200")]
    public void SettingsOverrides_MultiLoraVariant_SetsItsKey(string key, string setting, string value)
    {
        var change = SweepChanges.Find(RegressionCase.MultiLora, key)!;

        Assert.Contains(new KeyValuePair<string, string>(setting, value), change.SettingsOverrides(new SuiteSettings(), RegressionCase.MultiLora));
    }

    [Fact]
    public void SettingsOverrides_Unchanged_IsEmpty()
    {
        Assert.Empty(SweepChanges.Unchanged.SettingsOverrides(new SuiteSettings(), RegressionCase.MultiLora));
    }

    [Fact]
    public void VariantsOf_Cases_ListTheIssuesVariantsByKey()
    {
        Assert.Equal(["unchanged", "decode-1.05", "decode-1.10", "round-robin"], SweepChanges.VariantsOf(RegressionCase.SingleWorkload).Select(c => c.Key));
        Assert.Equal(["unchanged", "decode-1.05", "decode-1.10", "round-robin", "max-loras-2", "adapter-loads-10"], SweepChanges.VariantsOf(RegressionCase.MultiLora).Select(c => c.Key));
    }

    [Fact]
    public void Find_LoraVariantForSingleWorkload_IsNull()
    {
        Assert.Null(SweepChanges.Find(RegressionCase.SingleWorkload, "max-loras-2"));
        Assert.NotNull(SweepChanges.Find(RegressionCase.SingleWorkload, "DECODE-1.05"));
    }
}
