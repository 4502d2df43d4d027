using System.Text;
using Microsoft.AspNetCore.Http;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// <c>GET .../pods/{name}/log</c>: the container's log as text; with <c>follow=true</c> the response
/// stays open and carries new lines until the container ends (or the client goes away).
/// </summary>
public sealed class PodLogHandler(FakeKubernetesServer server)
{
    public async Task HandleAsync(HttpContext context, string ns, string pod, CancellationToken cancellationToken)
    {
        if (server.Store.Get(ResourceTypes.Pods, ns, pod) is null)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 404, ApiStatus.NotFound(ResourceTypes.Pods, pod));
            return;
        }

        var container = context.Request.Query["container"].FirstOrDefault() ?? string.Empty;
        if (!server.Runtimes.TryGetValue((ns, pod), out var runtime) || !runtime.Started)
        {
            await FakeKubernetesServer.WriteJsonAsync(context, 400, ApiStatus.Failure(400, "BadRequest", $"container \"{container}\" in pod \"{pod}\" is waiting to start: ContainerCreating"));
            return;
        }

        var follow = context.Request.Query["follow"].FirstOrDefault() is "true" or "1";
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/plain";
        await context.Response.StartAsync(cancellationToken);
        var sent = 0;
        while (true)
        {
            var (lines, terminated, changed) = runtime.Read(sent);
            if (lines.Count > 0)
            {
                var text = new StringBuilder();
                foreach (var line in lines)
                {
                    text.Append(line).Append('\n');
                }

                await context.Response.WriteAsync(text.ToString(), cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                sent += lines.Count;
            }

            if (!follow || terminated)
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
