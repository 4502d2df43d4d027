using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Regression.Core.Results.Aggregation;
using Regression.Core.Settings;
using Regression.Tests.Shared;
using Regression.Tests.Shared.Http;

namespace Regression.LoadGeneration.Tests;

public sealed class ErrorClassTests
{
    private static readonly RatePlan FewRequests = TestPrompts.Plan(rate: 20, seconds: 0.5);

    [Fact]
    public async Task RunRate_RefusedConnection_IsClientConnectorError()
    {
        var port = FreePort();
        using var generator = new LoadGenerator(new Uri($"http://127.0.0.1:{port}/"), new LoadGeneratorSettings());

        var run = await generator.RunRateAsync(FewRequests, TestPrompts.Make(3));

        Assert.All(run.Requests, r => Assert.Equal(RequestErrorClass.ClientConnectorError, r.Error));
        Assert.Equal(10, run.Result.Overall.Errors.ClientConnectorError);
        Assert.Equal(0, run.Result.Overall.PromptsSucceeded);
    }

    [Fact]
    public async Task RunRate_NonJson503_IsContentTypeError()
    {
        var run = await RunAgainstAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><body>503 Service Temporarily Unavailable</body></html>");
        });

        Assert.All(run.Requests, r => Assert.Equal(RequestErrorClass.ContentTypeError, r.Error));
    }

    [Fact]
    public async Task RunRate_JsonErrorObject_IsUnknownErrorAfterTheConfiguredRetries()
    {
        var received = 0;
        var run = await RunAgainstAsync(
            async context =>
            {
                Interlocked.Increment(ref received);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}");
            },
            new LoadGeneratorSettings { ErrorRetries = 2 });

        Assert.All(run.Requests, r => Assert.Equal(RequestErrorClass.UnknownError, r.Error));
        Assert.Equal(FewRequests.RequestCount * 3, received);
    }

    [Fact]
    public async Task RunRate_VllmErrorShapeWithoutChoices_IsUnknownError()
    {
        var run = await RunAgainstAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"object\": \"error\", \"message\": \"bad\", \"type\": \"BadRequestError\", \"param\": null, \"code\": 400}");
        });

        Assert.All(run.Requests, r => Assert.Equal(RequestErrorClass.UnknownError, r.Error));
    }

    [Theory]
    [InlineData(false, RequestErrorClass.ServerDisconnectedError)]
    [InlineData(true, RequestErrorClass.ClientOSError)]
    public async Task RunRate_ServerDropsTheConnectionBeforeAnswering_IsClassifiedByHowItCloses(bool reset, RequestErrorClass expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var server = CloseEveryConnectionAsync(listener, reset, stop.Token);
        using var generator = new LoadGenerator(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"), new LoadGeneratorSettings());

        var run = await generator.RunRateAsync(FewRequests, TestPrompts.Make(3));
        await stop.CancelAsync();
        await server;

        Assert.Equal(FewRequests.RequestCount, run.Requests.Count);
        Assert.All(run.Requests, r => Assert.Equal(expected, r.Error));
    }

    [Fact]
    public async Task RunRate_NoAnswerWithinTheTimeout_IsTimeoutError()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var endpoint = await TestEndpoint.StartAsync(async context =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var time = new FakeTimeProvider();
        var settings = new LoadGeneratorSettings { RequestTimeout = TimeSpan.FromSeconds(30) };
        using var generator = new LoadGenerator(endpoint.BaseAddress, settings, time);
        var oneRequest = TestPrompts.Plan(rate: 100, seconds: 0.01);

        var running = generator.RunRateAsync(oneRequest, TestPrompts.Make(2));
        await arrived.Task.WaitAsync(TestTimeouts.Hang);
        time.Advance(settings.RequestTimeout);
        var run = await running.WaitAsync(TestTimeouts.Hang);

        var request = Assert.Single(run.Requests);
        Assert.Equal(RequestErrorClass.TimeoutError, request.Error);
        Assert.Equal(1, run.Result.Overall.Errors.TimeoutError);
    }

    private static async Task<RateRun> RunAgainstAsync(RequestDelegate handler, LoadGeneratorSettings? settings = null)
    {
        await using var endpoint = await TestEndpoint.StartAsync(handler);
        using var generator = new LoadGenerator(endpoint.BaseAddress, settings ?? new LoadGeneratorSettings());
        var run = await generator.RunRateAsync(FewRequests, TestPrompts.Make(3));
        Assert.Equal(FewRequests.RequestCount, run.Requests.Count);
        return run;
    }

    // Reads the request, then closes before any response byte: gracefully (FIN) or with a reset (linger 0: RST).
    private static async Task CloseEveryConnectionAsync(TcpListener listener, bool reset, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                var buffer = new byte[64 * 1024];
                _ = await client.GetStream().ReadAsync(buffer, cancellationToken);
                if (reset)
                {
                    client.Client.LingerState = new LingerOption(enable: true, seconds: 0);
                }
                else
                {
                    client.Client.Shutdown(SocketShutdown.Send);
                }

                client.Client.Close();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The test is over: stop accepting.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
