using System.Formats.Tar;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// <c>GET .../pods/{name}/exec</c> over a WebSocket with the <c>v4.channel.k8s.io</c> protocol:
/// each binary message starts with its channel (1 stdout, 2 stderr, 3 the final Status as JSON).
/// The pod's "shell" knows <c>ls -1 DIR</c> and <c>tar cf - -C DIR FILE...</c> on its in-memory files.
/// </summary>
public sealed class PodExecHandler(FakeKubernetesServer server)
{
    public const string Protocol = "v4.channel.k8s.io";

    // The API server's frames are at most this large; larger output is split.
    private const int MaxFrame = 32 * 1024;

    public async Task HandleAsync(HttpContext context, string ns, string pod, CancellationToken cancellationToken)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.WebSockets.WebSocketRequestedProtocols.Contains(Protocol))
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 400, ApiStatus.Failure(400, "BadRequest", $"exec needs a WebSocket upgrade with the {Protocol} protocol"));
            return;
        }

        if (server.Store.Get(ResourceTypes.Pods, ns, pod) is null || !server.Runtimes.TryGetValue((ns, pod), out var runtime))
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(ResourceTypes.Pods, pod));
            return;
        }

        var command = context.Request.Query["command"].Select(c => c ?? string.Empty).ToArray();
        using var socket = await context.WebSockets.AcceptWebSocketAsync(Protocol);
        var (stdout, stderr, exitCode) = Run(runtime, command);
        await SendAsync(socket, 1, stdout, cancellationToken);
        await SendAsync(socket, 2, Encoding.UTF8.GetBytes(stderr), cancellationToken);
        await SendAsync(socket, 3, Encoding.UTF8.GetBytes(Status(command, exitCode).ToJsonString()), cancellationToken);
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken);
        }
        catch (WebSocketException e) when (e.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            // The client has the status and may drop the connection without answering the close, as
            // the Kubernetes client does when its demuxer is disposed; the real API server does not mind.
        }
    }

    private (byte[] Stdout, string Stderr, int? ExitCode) Run(PodRuntime runtime, string[] command)
    {
        switch (command)
        {
            case ["ls", "-1", var folder]:
                var names = runtime.Files.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)).Select(k => k[(folder.Length + 1)..]).Order(StringComparer.Ordinal).ToList();
                return names.Count == 0 && runtime.Files.Count == 0
                    ? ([], $"ls: cannot access '{folder}': No such file or directory\n", 2)
                    : (Encoding.UTF8.GetBytes(string.Concat(names.Select(n => n + "\n"))), string.Empty, 0);
            case ["tar", "cf", "-", "-C", var folder, .. var files]:
                var missing = files.Where(f => !runtime.Files.ContainsKey($"{folder}/{f}")).ToList();
                if (missing.Count > 0)
                {
                    return ([], string.Concat(missing.Select(f => $"tar: {f}: Cannot stat: No such file or directory\n")), 2);
                }

                return (Tar(files.Select(f => (f, runtime.Files[$"{folder}/{f}"])).Concat(server.Script.ExtraTarEntries)), string.Empty, 0);
            default:
                return ([], string.Empty, null);
        }
    }

    private static byte[] Tar(IEnumerable<(string Name, byte[] Content)> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    // What the API server sends on channel 3: Success, a NonZeroExitCode failure with the code, or the runtime's error.
    private static JsonObject Status(string[] command, int? exitCode) => exitCode switch
    {
        0 => ApiStatus.Success(),
        { } code => ApiStatus.Failure(
            0,
            "NonZeroExitCode",
            $"command terminated with non-zero exit code: error executing command [{string.Join(' ', command)}], exit code {code}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) }) }),
        null => ApiStatus.Failure(
            0,
            "InternalError",
            $"Internal error occurred: error executing command in container: exec: \"{(command.Length > 0 ? command[0] : string.Empty)}\": executable file not found in $PATH: unknown"),
    };

    private static async Task SendAsync(WebSocket socket, byte channel, byte[] data, CancellationToken cancellationToken)
    {
        for (var offset = 0; offset == 0 || offset < data.Length; offset += MaxFrame)
        {
            var length = Math.Min(MaxFrame, data.Length - offset);
            var frame = new byte[length + 1];
            frame[0] = channel;
            Array.Copy(data, offset, frame, 1, length);
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
            if (data.Length == 0)
            {
                return;
            }
        }
    }
}
