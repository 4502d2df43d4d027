using System.Text;
using Regression.Environments.Kubernetes.Secrets;

namespace Regression.Environments.Tests.Kubernetes;

public sealed class SecretRedactorTests
{
    private const string Token = TokenLeaks.Token;

    // A base64 piece this long is what the redactor masks; shorter ones say nothing of the token.
    private const int PieceLength = 8;

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("HF")]
    [InlineData("HF_TOKEN=")]
    public void Redact_TokenAnywhereInsideBase64_IsMasked(string before)
    {
        var redactor = SecretRedactor.For(Token);
        var bytes = Encoding.UTF8.GetBytes($"{before}{Token}\n");
        var encoded = Convert.ToBase64String(bytes);

        var redacted = redactor.Redact($"data: {encoded}");

        // The characters that only the token's bytes determine (whole 3-byte groups inside it).
        var start = Encoding.UTF8.GetByteCount(before);
        var end = start + Encoding.UTF8.GetByteCount(Token);
        var tokenOnly = encoded[(4 * ((start + 2) / 3))..(4 * (end / 3))];
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, tokenOnly.Length - PieceLength + 1), i => Assert.DoesNotContain(tokenOnly.Substring(i, PieceLength), redacted, StringComparison.Ordinal));
    }

    [Fact]
    public void Redact_EveryWholeForm_IsMasked()
    {
        var raw = $" {Token}\r\n";
        var redactor = SecretRedactor.For(raw);

        var redacted = TokenLeaks.Forms(raw).Select(f => redactor.Redact($"<{f}>")).ToList();

        Assert.All(redacted, r => Assert.Equal($"<{SecretRedactor.Mask}>", r));
    }

    [Theory]
    [InlineData(12, "")]
    [InlineData(12, "…")]
    [InlineData(8, "… (and more)")]
    public void Redact_FormCutShort_IsMasked(int kept, string after)
    {
        var redactor = SecretRedactor.For(Token);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));

        Assert.Equal($"body: {SecretRedactor.Mask}{after}", redactor.Redact($"body: {Token[..kept]}{after}"));
        Assert.Equal($"body: {{\"token\":\"{SecretRedactor.Mask}{after}", redactor.Redact($"body: {{\"token\":\"{encoded[..kept]}{after}"));
    }

    [Fact]
    public void Redact_PieceTooShortToTell_IsKept()
    {
        var redactor = SecretRedactor.For(Token);

        Assert.Equal("ends with hf_QxZr", redactor.Redact("ends with hf_QxZr"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \n")]
    public void Redact_NoSecret_ChangesNothing(string? secret)
    {
        var redactor = SecretRedactor.For(secret);

        Assert.Equal("plain text ***", redactor.Redact("plain text ***"));
        Assert.False(redactor.Exposes(new InvalidOperationException("plain")));
    }

    [Fact]
    public void Sanitize_ExceptionWhoseInnerQuotesTheToken_KeepsItsTextMaskedAndDropsTheOriginals()
    {
        var redactor = SecretRedactor.For(Token);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));
        var original = new EnvironmentException("Applying Secret hf-token failed", new InvalidOperationException($"echo: {encoded}"));

        Assert.True(redactor.Exposes(original));
        var sanitized = redactor.Sanitize(original);

        var environment = Assert.IsType<EnvironmentException>(sanitized);
        Assert.Equal("Applying Secret hf-token failed", environment.Message);
        var inner = Assert.IsType<RedactedException>(environment.InnerException);
        Assert.Contains($"System.InvalidOperationException: echo: {SecretRedactor.Mask}", inner.Message, StringComparison.Ordinal);
        TokenLeaks.AssertNone(Token, sanitized.ToString(), "the sanitized exception");
    }

    [Fact]
    public void Exposes_ExceptionWithoutTheToken_IsFalse()
    {
        var redactor = SecretRedactor.For(Token);

        Assert.False(redactor.Exposes(new EnvironmentException("Applying Deployment x failed", new InvalidOperationException("500"))));
    }
}
