using System.Collections.Concurrent;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>The fake's background tasks (pods becoming ready, namespaces going away): tracked, stopped with the server, their errors kept for assertions.</summary>
public sealed class BackgroundWork
{
    private readonly ConcurrentBag<Task> _tasks = [];

    /// <summary>Errors of background work; a test asserts this is empty.</summary>
    public ConcurrentQueue<Exception> Errors { get; } = new();

    public void Run(Func<Task> work, CancellationToken stopping) => _tasks.Add(Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is shutting down; unfinished work is dropped with it.
        }
        catch (Exception e)
        {
            Errors.Enqueue(e);
        }
    }, CancellationToken.None));

    public Task WhenAll() => Task.WhenAll(_tasks);
}
