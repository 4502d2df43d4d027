using System.Text;
using k8s.Autorest;

namespace Regression.Environments.Tests.Kubernetes;

/// <summary>
/// Looks for a Hugging Face token in everything a run shows or writes, in every form it could take
/// there: as set (surrounding whitespace included), trimmed, base64 of either (a Secret's
/// <c>data</c>), URL-encoded. Any <see cref="PieceLength"/>-character piece of those counts, so a
/// form cut short by a shortened message is found too.
/// </summary>
internal static class TokenLeaks
{
    // Long enough that a piece of a random token does not turn up in a run's output by chance.
    private const int PieceLength = 8;

    /// <summary>A token with no run of digits or common words, so that none of its pieces occurs by chance.</summary>
    public const string Token = "hf_QxZrTkWmPvLsNdJgHbYcFeUaRiOyEw";

    /// <summary>The forms of <paramref name="raw"/> the run must never show.</summary>
    public static IReadOnlyList<string> Forms(string raw)
    {
        var trimmed = raw.Trim();
        return new[]
        {
            raw,
            trimmed,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(trimmed)),
            Uri.EscapeDataString(raw),
            Uri.EscapeDataString(trimmed),
        }.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first piece of a form of <paramref name="raw"/> that <paramref name="text"/> holds, or null.</summary>
    public static string? Find(string raw, string text) =>
        Forms(raw)
            .SelectMany(f => Enumerable.Range(0, Math.Max(1, f.Length - PieceLength + 1)).Select(i => f.Substring(i, Math.Min(PieceLength, f.Length - i))))
            .FirstOrDefault(piece => text.Contains(piece, StringComparison.Ordinal));

    /// <summary>Fails when <paramref name="text"/> holds a piece of the token, naming <paramref name="where"/>.</summary>
    public static void AssertNone(string raw, string text, string where)
    {
        var piece = Find(raw, text);
        Assert.True(piece is null, $"{where} holds '{piece}' of the token: {text}");
    }

    /// <summary>
    /// Fails when the failure (message, inner exceptions, stack traces, and the request and response
    /// bodies an API exception carries), a progress line, or a file under the bed's output holds the token.
    /// </summary>
    public static void AssertNoneInRun(KubernetesTestBed bed, string raw, Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            AssertNone(raw, e.ToString(), $"the exception {e.GetType().Name}");
            if (e is HttpOperationException http)
            {
                AssertNone(raw, http.Request?.Content ?? string.Empty, "an API exception's request");
                AssertNone(raw, http.Response?.Content ?? string.Empty, "an API exception's response");
            }
        }

        foreach (var line in bed.Progress.Lines)
        {
            AssertNone(raw, line, "a progress line");
        }

        foreach (var file in Directory.EnumerateFiles(bed.OutputRoot, "*", SearchOption.AllDirectories))
        {
            AssertNone(raw, File.ReadAllText(file), file);
        }
    }
}
