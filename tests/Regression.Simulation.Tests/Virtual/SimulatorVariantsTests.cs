using Regression.Core.Settings;
using Regression.Simulation.Engine;
using Regression.Simulation.Virtual;

namespace Regression.Simulation.Tests.Virtual;

public sealed class SimulatorVariantsTests
{
    private static readonly SimulatorSettings Defaults = new();

    [Theory]
    [InlineData(1.10, 1, 0)]
    [InlineData(1.05, 128, 64_000)]
    [InlineData(2.0, 512, 400_000)]
    public void SlowerDecode_StepOfDecodesOnly_TakesFactorTimesAsLong(double factor, int sequences, long contextTokens)
    {
        var before = new StepTimeModel(Defaults).StepSeconds(sequences, contextTokens, prefillTokens: 0, activeAdapters: 0, adapterLoads: 0);
        var after = new StepTimeModel(SimulatorVariants.SlowerDecode(Defaults, factor)).StepSeconds(sequences, contextTokens, prefillTokens: 0, activeAdapters: 0, adapterLoads: 0);

        Assert.Equal(before * factor, after, 12);
    }

    [Fact]
    public void SlowerDecode_LeavesPrefillApiOverheadAndAdapterLoadsAlone()
    {
        var slower = SimulatorVariants.SlowerDecode(Defaults, 1.1);

        Assert.Equal(Defaults.PrefillPerTokenMicroseconds, slower.PrefillPerTokenMicroseconds);
        Assert.Equal(Defaults.RequestOverheadMilliseconds, slower.RequestOverheadMilliseconds);
        Assert.Equal(new StepTimeModel(Defaults).AdapterLoadSeconds, new StepTimeModel(slower).AdapterLoadSeconds);
        Assert.Equal(Defaults with { StepBaseMilliseconds = 0, StepPerSequenceMicroseconds = 0, StepPerContextTokenMicroseconds = 0 },
            slower with { StepBaseMilliseconds = 0, StepPerSequenceMicroseconds = 0, StepPerContextTokenMicroseconds = 0 });
    }

    [Fact]
    public void SlowerAdapterLoads_ScalesTheWholeLoadTime()
    {
        var before = new StepTimeModel(Defaults).AdapterLoadSeconds;
        var after = new StepTimeModel(SimulatorVariants.SlowerAdapterLoads(Defaults, 10)).AdapterLoadSeconds;

        Assert.Equal(before * 10, after, 12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void SlowerDecode_FactorNotPositive_ThrowsNamingTheFactor(double factor)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SimulatorVariants.SlowerDecode(Defaults, factor));

        Assert.Equal("factor", error.ParamName);
    }
}
