using Regression.Cli.Commands;
using Regression.Tests.Shared;

namespace Regression.Cli.Tests;

/// <summary>
/// Every numeric option of the commands refuses what would crash or hang them (NaN, infinities,
/// negatives, zero, huge values, int overflow) before any work starts: exit 2, naming the option
/// and the value, with the accepted range.
/// </summary>
public sealed class NumericOptionTests
{
    private static readonly string Settings = RepositoryFiles.Path("testsettings.json");

    public static TheoryData<string, string[], string> BadOptions => new()
    {
        { "sweep-virtual", ["--case", "SingleWorkload", "--seconds", "1e7"], "option --seconds = '1e7': expected a finite number greater than 0 and at most 3600" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--seconds", "NaN"], "option --seconds = 'NaN': expected a finite number greater than 0" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--seconds", "Infinity"], "option --seconds = 'Infinity'" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--seconds", "0"], "option --seconds = '0'" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--seconds", "3600"], "options --seconds = '3600' with the case's RequestRates: 350 req/s for 3600 s sends 1260000 requests; at most 1050000 per rate" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--seed", "2147483648"], "option --seed = '2147483648': expected a whole number" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--decode-slowdown", "1e308"], "option --decode-slowdown = '1e308': expected a finite number of at least 0.01 and at most 100" },
        { "sweep-virtual", ["--case", "SingleWorkload", "--decode-slowdown", "-1"], "option --decode-slowdown = '-1'" },
        { "detection", ["--case", "SingleWorkload", "--seconds", "1e9"], "option --seconds = '1e9'" },
        { "detection", ["--case", "SingleWorkload", "--runs", "1000000000"], "option --runs = '1000000000': expected a whole number of at least 1 and at most 1000" },
        { "detection", ["--case", "SingleWorkload", "--runs", "99999999999"], "option --runs = '99999999999'" },
        { "detection", ["--case", "SingleWorkload", "--baseline-runs", "0"], "option --baseline-runs = '0': expected a whole number of at least 1 and at most 1000" },
        { "detection", ["--case", "SingleWorkload", "--parallel", "100000"], "option --parallel = '100000': expected a whole number of at least 1 and at most 1024" },
        { "detection", ["--case", "SingleWorkload", "--parallel", "-1"], "option --parallel = '-1'" },
        { "simulate", ["--replicas", "100000"], "option --replicas = '100000': expected a whole number of at least 1 and at most 256" },
        { "simulate", ["--replicas", "0"], "option --replicas = '0'" },
        { "bench-cluster", ["--seconds", "1e7"], "option --seconds = '1e7': expected a finite number greater than 0 and at most 3600" },
        { "bench-cluster", ["--warmup", "-Infinity"], "option --warmup = '-Infinity'" },
        { "bench-cluster", ["--rate", "1e9"], "option --rate = '1e9': expected a finite number greater than 0 and at most 100000" },
        { "bench-cluster", ["--rate", "1000", "--seconds", "3600"], "options --rate/--stream-rates, --warmup and --seconds: 1000 req/s for 3603 s sends 3603000 requests; at most 1050000 per rate" },
        { "bench-cluster", ["--stream-rates", "50,1e308"], "option --stream-rates: '1e308' is not a finite number greater than 0 and at most 100000" },
        { "bench-cluster", ["--replicas", "2147483648"], "option --replicas = '2147483648'" },
        { "bench-cluster", ["--direct-fraction", "NaN"], "option --direct-fraction = 'NaN': expected a finite number of at least 0 and at most 1" },
        { "bench-cluster", ["--seed", "0"], "option --seed = '0'" },
        { "bench-generator", ["--trials", "1e308"], "option --trials = '1e308': expected a whole number of at least 1 and at most 100" },
        { "bench-generator", ["--trials", "0.5"], "option --trials = '0.5'" },
        { "bench-generator", ["--seconds", "1e7"], "option --seconds = '1e7'" },
        { "bench-generator", ["--rates", "1e9"], "option --rates: '1e9' is not a finite number greater than 0 and at most 100000" },
        { "bench-generator", ["--rates", "12000", "--seconds", "3600"], "options --rates and --seconds: 12000 req/s for 3600 s sends 43200000 requests; at most 1050000 per rate" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Command_NumericOptionOutOfRange_IsBadInputNamingOptionAndValue(string command, string[] args, string expected)
    {
        var run = await CliRun.RunAsync(Command(command), [.. args, "--settings", Settings]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calibrate_SettingOutOfRange_IsBadInputNamingKeyAndValue()
    {
        using var folder = new TemporaryFolder();
        var settings = folder.WriteFile("testsettings.json", """{ "Simulator": { "StepBaseMilliseconds": 1e308, "MaxNumSeqs": 2147483647 } }""");

        var run = await CliRun.RunAsync(new CalibrateCommand(), "--settings", settings);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Simulator:StepBaseMilliseconds = 1E+308: must be a finite number of at least 0.001 and at most 60000.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Simulator:MaxNumSeqs = 2147483647:", run.Error, StringComparison.Ordinal);
    }

    private static ICliCommand Command(string name) => name switch
    {
        "sweep-virtual" => new VirtualSweepCommand(),
        "detection" => new DetectionCommand(),
        "simulate" => new SimulateCommand(),
        "bench-cluster" => new BenchClusterCommand(),
        "bench-generator" => new BenchGeneratorCommand(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a command with numeric options"),
    };
}
