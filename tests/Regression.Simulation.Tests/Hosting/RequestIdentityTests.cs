using System.Text;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class RequestIdentityTests
{
    [Fact]
    public void For_WholeNumberHeader_IsTheNumber() => Assert.Equal(4711L, RequestIdentity.For("4711", "{}"u8));

    [Fact]
    public void For_SameBodyWithoutHeader_IsTheSameId()
    {
        var body = Encoding.UTF8.GetBytes("{\"model\":\"m\",\"prompt\":\"Hi\"}");

        Assert.Equal(RequestIdentity.For(null, body), RequestIdentity.For(string.Empty, body.ToArray()));
        Assert.NotEqual(RequestIdentity.For(null, body), RequestIdentity.For(null, "{\"model\":\"m\",\"prompt\":\"Ho\"}"u8));
    }

    [Fact]
    public void For_TextHeader_IsHashedAndIgnoresTheBody() =>
        Assert.Equal(RequestIdentity.For("req-abc", "{\"a\":1}"u8), RequestIdentity.For("req-abc", "{\"b\":2}"u8));

    [Fact]
    public void Next_IsDeterministicAndDifferent()
    {
        Assert.Equal(RequestIdentity.Next(12), RequestIdentity.Next(12));
        Assert.NotEqual(12, RequestIdentity.Next(12));
    }
}
