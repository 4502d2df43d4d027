using Regression.Cli.Commands;
using Regression.Simulation.Engine.Calibration;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

public sealed class CalibrateCommandTests : IDisposable
{
    private readonly TemporaryFolder folder = new();

    [Fact]
    public async Task Calibrate_DefaultSimulator_PrintsTheTableAndExitsZero()
    {
        var run = await CliRun.RunAsync(new CalibrateCommand(), "--settings", RepositoryFiles.Path("testsettings.json"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith(CalibrationTable.Header, run.Output, StringComparison.Ordinal);
        Assert.Contains("figures within tolerance.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_SlowerDecodeStep_ExitsOneAndMarksTheFigure()
    {
        var settings = folder.WriteFile("testsettings.json", """{ "Simulator": { "StepBaseMilliseconds": 9.0 } }""");

        var run = await CliRun.RunAsync(new CalibrateCommand(), "--settings", settings);

        Assert.Equal(ExitCodes.Regressed, run.ExitCode);
        Assert.Contains(" ! |", run.Output, StringComparison.Ordinal);
        Assert.Contains("outside their tolerance", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();
}
