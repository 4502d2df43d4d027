using Regression.Core.Settings;
using Regression.Simulation.Engine;

namespace Regression.Simulation.Tests.Engine;

public sealed class StepTimeModelTests
{
    [Fact]
    public void StepSeconds_EveryTerm_AddsAsTheFormulaSays()
    {
        var model = new StepTimeModel(new SimulatorSettings
        {
            StepBaseMilliseconds = 7,
            StepPerSequenceMicroseconds = 10,
            StepPerContextTokenMicroseconds = 0.1,
            PrefillPerTokenMicroseconds = 20,
            LoraStepOverheadPerAdapter = 0.02,
            AdapterLoadMilliseconds = 1.5,
            LoraRank = 8,
            AdapterBytesPerRank = 2_000_000,
            AdapterLoadGigabytesPerSecond = 2000,
        });

        var seconds = model.StepSeconds(sequences: 100, decodeContextTokens: 20_000, prefillTokens: 500, activeAdapters: 3, adapterLoads: 1);

        var expected = ((7e-3 + 1e-3 + 2e-3 + 10e-3) * 1.06) + 1.508e-3;
        Assert.Equal(expected, seconds, 12);
    }

    [Fact]
    public void StepSeconds_DefaultSettings_BatchOfOneDecodeIsAbout72Milliseconds()
    {
        var model = new StepTimeModel(new SimulatorSettings());

        var seconds = model.StepSeconds(sequences: 1, decodeContextTokens: 235, prefillTokens: 0, activeAdapters: 0, adapterLoads: 0);

        Assert.Equal(7.2e-3, seconds, 4);
    }
}
