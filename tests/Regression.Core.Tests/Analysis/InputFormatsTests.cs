using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Results;

namespace Regression.Core.Tests.Analysis;

public sealed class InputFormatsTests
{
    private const string LpgName = "P90 normalized time per output token";

    [Fact]
    public void Name_LpgOnly_KeepsTheNormalizedTimePerOutputToken()
    {
        var formats = InputFormats.Of([Sweep("before", ResultFormat.Lpg)], Sweep("after", ResultFormat.LpgLegacy));

        Assert.False(formats.MixesDefinitions);
        Assert.Null(formats.MixDescription);
        Assert.Equal(LpgName, formats.Name(Ntpot).DisplayName);
    }

    [Fact]
    public void Name_InferencePerfOnly_SaysItIsTpot()
    {
        var formats = InputFormats.Of([Sweep("before", ResultFormat.InferencePerf)], Sweep("after", ResultFormat.InferencePerf));

        Assert.False(formats.MixesDefinitions);
        Assert.Equal("P90 time per output token (inference-perf TPOT)", formats.Name(Ntpot).DisplayName);
        Assert.Equal("P90 latency", formats.Name(CoreMetrics.Get(CoreMetric.P90Latency)).DisplayName);
    }

    [Fact]
    public void MixDescription_InferencePerfAgainstLpg_NamesEachFolderAndItsFormat()
    {
        var formats = InputFormats.Of([Sweep("/runs/a", ResultFormat.InferencePerf)], Sweep("/runs/b", ResultFormat.Lpg));

        Assert.True(formats.MixesDefinitions);
        Assert.Contains("before /runs/a is inference-perf; after /runs/b is LPG", formats.MixDescription, StringComparison.Ordinal);
        Assert.Equal(InputFormats.MixedName, formats.Name(Ntpot).DisplayName);
    }

    [Fact]
    public void Compare_MixedFolders_CarriesAWarningAndTheMixedName()
    {
        var before = SampleSweeps.Result("/runs/a", SampleSweeps.Typical, 300, 310) with { Format = ResultFormat.InferencePerf };
        var after = SampleSweeps.Result("/runs/b", SampleSweeps.Typical, 300, 310);

        var comparison = SweepComparer.Compare([before], after, SampleSweeps.PerRateSettings);

        Assert.StartsWith("Mixed formats: inference-perf results are compared with LPG results", Assert.Single(comparison.Warnings), StringComparison.Ordinal);
        Assert.Equal(InputFormats.MixedName, comparison.For(CoreMetric.P90NormalizedTimePerOutputToken).Definition.DisplayName);
    }

    [Fact]
    public void Compare_SameFormatFolders_HasNoWarning()
    {
        var sweep = SampleSweeps.Result("/runs/a", SampleSweeps.Typical, 300, 310);

        Assert.Empty(SweepComparer.Compare([sweep], sweep, SampleSweeps.PerRateSettings).Warnings);
    }

    private static CoreMetricDefinition Ntpot => CoreMetrics.Get(CoreMetric.P90NormalizedTimePerOutputToken);

    private static SweepResult Sweep(string source, ResultFormat format) => new() { Format = format, Source = source, Rates = [] };
}
