using Regression.Core.Results.Lpg;

namespace Regression.Core.Tests.Results;

public sealed class PythonFloatTests
{
    // Expected texts are Python 3's repr() of the same doubles.
    [Theory]
    [InlineData(300.0, "300.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00012345, "0.00012345")]
    [InlineData(1.2345678e-06, "1.2345678e-06")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e22, "1e+22")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(9999999999999998.0, "9999999999999998.0")]
    [InlineData(123456789012345680.0, "1.2345678901234568e+17")]
    [InlineData(2147164.6339371083, "2147164.6339371083")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    public void Format_Doubles_MatchPythonRepr(double value, string expected)
    {
        Assert.Equal(expected, PythonFloat.Format(value));
    }

    [Fact]
    public void Format_NonFinite_MatchesPythonJsonDump()
    {
        Assert.Equal("NaN", PythonFloat.Format(double.NaN));
        Assert.Equal("Infinity", PythonFloat.Format(double.PositiveInfinity));
        Assert.Equal("-Infinity", PythonFloat.Format(double.NegativeInfinity));
    }
}
