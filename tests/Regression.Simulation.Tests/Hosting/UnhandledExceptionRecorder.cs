using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Regression.Simulation.Tests.Hosting;

/// <summary>
/// Records the exceptions that escape request handlers of one server (those ASP.NET Core reports as
/// unhandled), read from its hosting diagnostics. Listeners are process-wide and tests run in
/// parallel, so only requests to the given port count.
/// </summary>
internal sealed class UnhandledExceptionRecorder : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private const string AspNetCoreListener = "Microsoft.AspNetCore";
    private const string UnhandledException = "Microsoft.AspNetCore.Hosting.UnhandledException";
    private const BindingFlags PayloadProperty = BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase;

    private readonly int port;
    private readonly ConcurrentQueue<Exception> exceptions = new();
    private readonly ConcurrentBag<IDisposable> subscriptions = [];
    private readonly IDisposable allListeners;

    public UnhandledExceptionRecorder(int port)
    {
        this.port = port;
        allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>The exceptions recorded so far, oldest first.</summary>
    public IReadOnlyList<Exception> Exceptions => exceptions.ToArray();

    public void Dispose()
    {
        allListeners.Dispose();
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name == AspNetCoreListener)
        {
            subscriptions.Add(value.Subscribe(this, static (name, _, _) => name == UnhandledException));
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != UnhandledException || value.Value is not { } payload)
        {
            return;
        }

        var type = payload.GetType();
        if (type.GetProperty("HttpContext", PayloadProperty)?.GetValue(payload) is HttpContext context
            && context.Connection.LocalPort == port
            && type.GetProperty("Exception", PayloadProperty)?.GetValue(payload) is Exception exception)
        {
            exceptions.Enqueue(exception);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
