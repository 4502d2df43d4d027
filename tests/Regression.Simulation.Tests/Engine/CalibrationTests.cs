using Regression.Core.Settings;
using Regression.Simulation.Engine.Calibration;
using Xunit.Abstractions;

namespace Regression.Simulation.Tests.Engine;

public sealed class CalibrationTests(ITestOutputHelper output)
{
    [Fact]
    public void H100Calibration_DefaultSettings_EveryFigureWithinItsTolerance()
    {
        var figures = H100Calibration.Run(new SimulatorSettings());
        output.WriteLine(CalibrationTable.ToMarkdown(figures));

        var outside = figures.Where(f => !f.WithinTolerance).Select(CalibrationTable.Row).ToArray();
        Assert.True(outside.Length == 0, "Outside tolerance:\n" + string.Join("\n", outside));
        Assert.True(figures.Count >= 10);
    }

    [Fact]
    public void H100Calibration_SlowerDecode_IsDetected()
    {
        var figures = H100Calibration.Run(new SimulatorSettings { StepBaseMilliseconds = 7.18 * 1.25 });

        Assert.Contains(figures, f => f.Figure.StartsWith("Decode step at batch", StringComparison.Ordinal) && !f.WithinTolerance);
    }

    [Fact]
    public void CalibrationTable_Row_ShowsValuesDeviationAndAFlagWhenOutside()
    {
        var inside = new CalibrationFigure("Decode step", "ms/token", 7.2, 7.5, 0.15, "inference-perf KubeCon NA 2025 demo");
        var outside = inside with { Simulated = 9 };

        Assert.Equal("| Decode step | ms/token | 7.2 | 7.5 | +4.2 | ±15 | inference-perf KubeCon NA 2025 demo |", CalibrationTable.Row(inside));
        Assert.Equal("| Decode step | ms/token | 7.2 | 9 | +25.0 ! | ±15 | inference-perf KubeCon NA 2025 demo |", CalibrationTable.Row(outside));
        Assert.StartsWith(CalibrationTable.Header, CalibrationTable.ToMarkdown([inside]), StringComparison.Ordinal);
    }

    [Fact]
    public void VirtualLoadRunner_LightLoad_CompletesEverythingAtTheOfferedRate()
    {
        var result = VirtualLoadRunner.Run(new SimulatorSettings(), new LoadRunSpec(CalibrationWorkload.SharedPrefix, 20, 30, 5, PoissonArrivals: false));

        Assert.Equal(600, result.Submitted);
        Assert.Equal(20, result.RequestsPerSecond, 0);
        Assert.Equal(0, result.Preemptions);
    }

    [Fact]
    public void VirtualLoadRunner_ClientCap_BoundsRequestsInFlight()
    {
        var capped = VirtualLoadRunner.Run(new SimulatorSettings(), new LoadRunSpec(CalibrationWorkload.SharedPrefix, 400, 20, 5, MaxInFlight: 10));

        // 10 in flight at ≈ 0.5 s each cannot complete more than ≈ 20 per second.
        Assert.InRange(capped.RequestsPerSecond, 10, 25);
    }

    [Theory]
    [InlineData(0, 10, 1, null)]
    [InlineData(10, 10, 10, null)]
    [InlineData(10, 10, 1, 0)]
    public void VirtualLoadRunner_BadSpec_Throws(double rate, double duration, double warmup, int? maxInFlight)
    {
        var spec = new LoadRunSpec(CalibrationWorkload.SharedPrefix, rate, duration, warmup, MaxInFlight: maxInFlight);

        Assert.Throws<ArgumentException>(() => VirtualLoadRunner.Run(new SimulatorSettings(), spec));
    }
}
