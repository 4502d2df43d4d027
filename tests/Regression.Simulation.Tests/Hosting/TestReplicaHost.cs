using System.Net.Http.Headers;
using System.Text;
using Regression.Core.Settings;
using Regression.Simulation.Hosting;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Hosting;

/// <summary>A driver and one replica on 127.0.0.1:0, disposed together; the system clock unless a test passes a fake one.</summary>
internal sealed class TestReplicaHost : IAsyncDisposable
{
    public const string BaseModel = "meta-llama/Llama-3.1-8B-Instruct";

    /// <summary>Steps of half a millisecond, so that long answers take tens of milliseconds of real time.</summary>
    public static SimulatorSettings FastSettings { get; } = new() { StepBaseMilliseconds = 0.5, RequestOverheadMilliseconds = 1 };

    private TestReplicaHost(ReplicaDriver driver, ReplicaHost replica, HttpClient client)
    {
        Driver = driver;
        Replica = replica;
        Client = client;
    }

    public ReplicaDriver Driver { get; }

    public ReplicaHost Replica { get; }

    public HttpClient Client { get; }

    public static async Task<TestReplicaHost> StartAsync(SimulatorSettings? settings = null, TimeProvider? clock = null, int? maxLoras = null)
    {
        var driver = new ReplicaDriver(clock);
        try
        {
            using var guard = TestTimeouts.HangGuard();
            var replica = await ReplicaHost.StartAsync(
                new ReplicaHostOptions { Name = "replica-test", BaseModel = BaseModel, Simulator = settings ?? FastSettings, MaxLoras = maxLoras },
                driver,
                guard.Token);
            return new TestReplicaHost(driver, replica, new HttpClient { BaseAddress = replica.BaseAddress, Timeout = TestTimeouts.Hang });
        }
        catch (Exception)
        {
            driver.Dispose();
            throw;
        }
    }

    public static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body) => Client.PostAsync(path, Json(body));

    /// <summary>Posts and returns once the response headers are in (a stream's headers mean the engine accepted the request).</summary>
    public Task<HttpResponseMessage> PostForHeadersAsync(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        return Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            await Replica.DisposeAsync();
        }
        finally
        {
            Driver.Dispose();
        }
    }
}
