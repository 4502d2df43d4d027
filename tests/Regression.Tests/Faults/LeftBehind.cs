using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Regression.Tests.Shared;

namespace Regression.Tests.Faults;

/// <summary>What a run might leave behind: listening ports, child processes, changed baselines.</summary>
internal static partial class LeftBehind
{
    /// <summary>Every loopback address the run's progress lines name (the gateway's and the replicas').</summary>
    public static IReadOnlyList<Uri> LoopbackAddresses(IEnumerable<string> lines) =>
        lines.SelectMany(line => LoopbackUrl().Matches(line)).Select(m => new Uri(m.Value)).Distinct().ToArray();

    /// <summary>The addresses that still accept a connection (none should, once a run is over).</summary>
    public static async Task<IReadOnlyList<Uri>> StillListeningAsync(IEnumerable<Uri> addresses)
    {
        var listening = new List<Uri>();
        foreach (var address in addresses)
        {
            using var client = new TcpClient();
            using var guard = TestTimeouts.HangGuard();
            try
            {
                await client.ConnectAsync(address.Host, address.Port, guard.Token);
                listening.Add(address);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Closed, as it should be.
            }
        }

        return listening;
    }

    /// <summary>
    /// The ids of this process's child processes, from /proc (Linux); empty elsewhere, where the
    /// embedded environment starts none either.
    /// </summary>
    public static IReadOnlySet<int> ChildProcesses()
    {
        var children = new HashSet<int>();
        if (!Directory.Exists("/proc"))
        {
            return children;
        }

        var self = Environment.ProcessId;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (name) state ppid ...": the name may hold spaces, so read after its last ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == self)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read, so not our child.
            }
        }

        return children;
    }

    /// <summary>A hash of every *.verified.json under <paramref name="folder"/> (build output left out), by path.</summary>
    public static IReadOnlyDictionary<string, string> VerifiedFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.verified.json", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(folder, f))
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    /// <summary>The *.verified.json files of the repository.</summary>
    public static IReadOnlyDictionary<string, string> RepositoryVerifiedFiles() => VerifiedFiles(RepositoryFiles.Root);

    private static bool IsBuildOutput(string root, string file) =>
        Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git" or "TestResults");

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex LoopbackUrl();
}
