using System.Text;
using Regression.Environments.Kubernetes.LoadGenerator;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class SuiteResultLogTests
{
    private const string Result = "benchmark-vllm-20.0qps-20250515-181500-weighted.json";
    private static readonly IProgress<string> Quiet = new Progress<string>();

    [Fact]
    public void Accept_ResultBlock_YieldsTheFilesAndEndsAtTheMarker()
    {
        var log = new SuiteResultLog(rateCount: 1);
        var lines = new[] { "Benchmarking request rate: 20", "regression-results-begin", $"regression-result-file {Result} {Convert.ToBase64String(Encoding.UTF8.GetBytes("{}"))}", "regression-results-end 1" };

        var ended = lines.Select(l => log.Accept(l, Quiet)).ToList();

        Assert.Equal([false, false, false, true], ended);
        Assert.Equal("20", log.LastRate);
        Assert.Equal((Result, "{}"), (log.Files.Single().Name, Encoding.UTF8.GetString(log.Files.Single().Content)));
    }

    [Fact]
    public void Accept_CountMismatch_FailsAsACutLog()
    {
        var log = new SuiteResultLog(rateCount: 1);
        log.Accept("regression-results-begin", Quiet);

        var failure = Assert.Throws<EnvironmentException>(() => log.Accept("regression-results-end 2", Quiet));

        Assert.Contains("held 0 files", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regression-result-file ../x.json e30=", "not an LPG result file name")]
    [InlineData("regression-result-file " + Result + " not-base64!", "is not base64")]
    [InlineData("something else", "neither a file nor its end")]
    public void Accept_BadLineInTheBlock_FailsSayingWhy(string line, string expected)
    {
        var log = new SuiteResultLog(rateCount: 1);
        log.Accept("regression-results-begin", Quiet);

        var failure = Assert.Throws<EnvironmentException>(() => log.Accept(line, Quiet));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
