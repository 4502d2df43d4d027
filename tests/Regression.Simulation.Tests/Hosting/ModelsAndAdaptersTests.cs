using System.Net;
using System.Text.Json;
using Regression.Simulation.Gateway;
using Regression.Simulation.Hosting;

namespace Regression.Simulation.Tests.Hosting;

public sealed class ModelsAndAdaptersTests
{
    private const string AdapterPath = "nvidia/llama-3.1-nemoguard-8b-topic-control";

    [Fact]
    public async Task Models_FreshReplica_ListsTheBaseModelInVllmShape()
    {
        await using var host = await TestReplicaHost.StartAsync();

        var models = await ModelsAsync(host);

        Assert.Equal("list", models.GetProperty("object").GetString());
        var card = Assert.Single(models.GetProperty("data").EnumerateArray());
        Assert.Equal(TestReplicaHost.BaseModel, card.GetProperty("id").GetString());
        Assert.Equal("model", card.GetProperty("object").GetString());
        Assert.Equal("vllm", card.GetProperty("owned_by").GetString());
        Assert.Equal(TestReplicaHost.BaseModel, card.GetProperty("root").GetString());
        Assert.Equal(JsonValueKind.Null, card.GetProperty("parent").ValueKind);
        Assert.Equal(TestReplicaHost.FastSettings.MaxModelLen, card.GetProperty("max_model_len").GetInt32());
        Assert.True(card.GetProperty("created").GetInt64() > 0);
        Assert.Equal("model_permission", card.GetProperty("permission")[0].GetProperty("object").GetString());
    }

    [Fact]
    public async Task LoadAdapter_NewAdapter_IsListedAndServed()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var load = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, $$"""{"lora_name":"adapter-0","lora_path":"{{AdapterPath}}"}""");
        var models = await ModelsAsync(host);
        using var completion = await host.PostAsync(VllmRoutes.Completions, """{"model":"adapter-0","prompt":"Hi","max_tokens":2}""");

        Assert.Equal(HttpStatusCode.OK, load.StatusCode);
        Assert.Equal("Success: LoRA adapter 'adapter-0' added successfully.", await load.Content.ReadAsStringAsync());
        var adapter = models.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "adapter-0");
        Assert.Equal(AdapterPath, adapter.GetProperty("root").GetString());
        Assert.Equal(TestReplicaHost.BaseModel, adapter.GetProperty("parent").GetString());
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        using var answer = JsonDocument.Parse(await completion.Content.ReadAsStringAsync());
        Assert.Equal("adapter-0", answer.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task LoadAdapter_Twice_Is400InvalidUserInput()
    {
        await using var host = await TestReplicaHost.StartAsync();
        const string body = """{"lora_name":"adapter-1","lora_path":"/adapters/one"}""";
        using var first = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, body);

        using var second = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var error = await ErrorAsync(second, HttpStatusCode.BadRequest, "InvalidUserInput");
        Assert.Equal("The lora adapter 'adapter-1' has already been loaded.", error);
    }

    [Theory]
    [InlineData("""{"lora_name":"adapter-1"}""")]
    [InlineData("""{"lora_path":"/adapters/one"}""")]
    public async Task LoadAdapter_MissingField_Is400(string body)
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, body);

        Assert.Equal("Both 'lora_name' and 'lora_path' must be provided.", await ErrorAsync(response, HttpStatusCode.BadRequest, "InvalidUserInput"));
    }

    [Fact]
    public async Task UnloadAdapter_Unknown_Is404()
    {
        await using var host = await TestReplicaHost.StartAsync();

        using var response = await host.PostAsync(ReplicaRoutes.UnloadLoraAdapter, """{"lora_name":"adapter-7"}""");

        Assert.Equal("The lora adapter 'adapter-7' cannot be found.", await ErrorAsync(response, HttpStatusCode.NotFound, "NotFoundError"));
    }

    [Fact]
    public async Task UnloadAdapter_Loaded_IsRemovedAndNoLongerServed()
    {
        await using var host = await TestReplicaHost.StartAsync();
        using var load = await host.PostAsync(ReplicaRoutes.LoadLoraAdapter, """{"lora_name":"adapter-2","lora_path":"/adapters/two"}""");

        using var unload = await host.PostAsync(ReplicaRoutes.UnloadLoraAdapter, """{"lora_name":"adapter-2"}""");
        var models = await ModelsAsync(host);
        using var completion = await host.PostAsync(VllmRoutes.Completions, """{"model":"adapter-2","prompt":"Hi","max_tokens":2}""");

        Assert.Equal("Success: LoRA adapter 'adapter-2' removed successfully.", await unload.Content.ReadAsStringAsync());
        Assert.DoesNotContain(models.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "adapter-2");
        Assert.Equal(HttpStatusCode.NotFound, completion.StatusCode);
    }

    private static async Task<JsonElement> ModelsAsync(TestReplicaHost host)
    {
        using var response = await host.Client.GetAsync(VllmRoutes.Models);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", json.RootElement.GetProperty("object").GetString());
        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
        Assert.Equal((int)status, json.RootElement.GetProperty("code").GetInt32());
        return json.RootElement.GetProperty("message").GetString();
    }
}
