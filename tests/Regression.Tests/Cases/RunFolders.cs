using System.Globalization;
using System.Security.Cryptography;

namespace Regression.Tests.Cases;

/// <summary>
/// The run folder of one test process: &lt;output&gt;/&lt;timestamp&gt;-&lt;suffix&gt;/&lt;case&gt;/. Every case the
/// process runs shares one such folder; two processes never do, even when started in the same
/// second or on machines that share the output folder: a folder belongs to the process that created
/// its claim file (an atomic create-new), and a taken name is passed over for another suffix.
/// </summary>
/// <param name="time">Where the timestamp comes from.</param>
/// <param name="suffixes">Gives a fresh suffix per call (random in the suite; fixed in tests).</param>
internal sealed class RunFolders(TimeProvider time, Func<string> suffixes)
{
    /// <summary>The file whose creation claims a run folder; it names the claiming process.</summary>
    public const string ClaimFile = ".claim";

    // 3 random bytes (6 hex digits) make a repeat within one second unlikely; the claim file makes one harmless.
    private const int SuffixBytes = 3;

    // Each attempt fails only when another process claimed the same name first, so a handful is plenty.
    private const int MaxClaimAttempts = 16;

    private readonly Lock gate = new();
    private readonly Dictionary<string, string> claimed = new(StringComparer.Ordinal);

    /// <summary>This process's run folders.</summary>
    public static RunFolders ThisProcess { get; } = new(TimeProvider.System, RandomSuffix);

    /// <summary>&lt;output&gt;/&lt;timestamp&gt;-&lt;suffix&gt;/&lt;case&gt; of this process, created.</summary>
    public static string For(string outputFolder, string caseName) => ThisProcess.CaseFolder(outputFolder, caseName);

    /// <summary>The case's folder under this instance's run folder in <paramref name="outputFolder"/> (claimed on first use), created.</summary>
    public string CaseFolder(string outputFolder, string caseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputFolder);
        ArgumentException.ThrowIfNullOrWhiteSpace(caseName);
        var output = Path.GetFullPath(outputFolder);
        string root;
        lock (gate)
        {
            if (!claimed.TryGetValue(output, out var existing))
            {
                existing = Claim(output);
                claimed[output] = existing;
            }

            root = existing;
        }

        return Directory.CreateDirectory(Path.Combine(root, caseName)).FullName;
    }

    private string Claim(string output)
    {
        var timestamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        for (var attempt = 0; attempt < MaxClaimAttempts; attempt++)
        {
            var candidate = Path.Combine(output, $"{timestamp}-{suffixes()}");
            var claim = Path.Combine(candidate, ClaimFile);
            Directory.CreateDirectory(candidate);
            try
            {
                using var writer = new StreamWriter(new FileStream(claim, FileMode.CreateNew, FileAccess.Write));
                writer.WriteLine($"process {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}, {time.GetUtcNow():O}");
                return candidate;
            }
            catch (IOException) when (File.Exists(claim))
            {
                // Another process claimed this name first: try the next suffix.
            }
        }

        throw new IOException($"Could not claim a run folder under {output}: {MaxClaimAttempts} names in a row were taken.");
    }

    /// <summary>A random suffix of 6 lower-case hex digits: the suite's suffix source.</summary>
    public static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SuffixBytes));
}
