using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Regression.Environments.Kubernetes.LoadGenerator;

namespace Regression.Environments.Tests.FakeKubernetes;

/// <summary>
/// The <c>benchmark-tool</c> pod's main process: LPG's shell script as its log shows it (xtrace
/// lines included, the Hugging Face login among them), the result files it leaves in
/// <c>/workspace</c> beside the dataset files of the image, then <c>LPG_FINISHED</c> and a sleep.
/// With the args of this repository's generator, the results are printed between markers instead.
/// </summary>
public sealed class FakeLpg(FakeKubernetesServer server, string ns, string pod, JsonObject deployment, PodRuntime runtime)
{
    public const string DeploymentName = "benchmark-tool";
    public const string WorkingFolder = "/workspace";
    public const string DatasetFile = "billsum_conversations.json";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var env = (container["env"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.GetValue<string>(), StringComparer.Ordinal);
        var isSuite = (container["args"] as JsonArray)?.Any(a => a?.GetValue<string>() == "kubernetes-pod") == true;
        var rates = Value(env, "REQUEST_RATES").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var seconds = double.Parse(Value(env, "BENCHMARK_TIME_SECONDS"), CultureInfo.InvariantCulture);
        var models = Value(env, "MODELS").Split(',');
        var split = env.TryGetValue("TRAFFIC_SPLIT", out var s) && !string.IsNullOrEmpty(s) ? s.Split(',').Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToList() : [];

        runtime.Files[$"{WorkingFolder}/{DatasetFile}"] = Encoding.UTF8.GetBytes("""[{"conversations": [{"from": "human", "value": "Summarize the following text:\nA bill."}, {"from": "gpt", "value": "A summary."}]}]""");
        runtime.Files[$"{WorkingFolder}/latency_throughput_curve.sh"] = Encoding.UTF8.GetBytes("#!/bin/bash\n");
        runtime.AppendLine($"+ huggingface-cli login --token {HuggingFaceToken()} --add-to-git-credential");
        runtime.AppendLine("Token is valid (permission: read).");
        foreach (var line in server.Script.LpgExtraLines)
        {
            runtime.AppendLine(line);
        }

        for (var i = 0; i < rates.Count; i++)
        {
            var rate = rates[i].ToString("R", CultureInfo.InvariantCulture);
            runtime.AppendLine($"+ echo 'Benchmarking request rate: {rate}'");
            runtime.AppendLine($"{LpgLog.RatePrefix}{rate}");
            if (i == 0 && server.Script.Lpg == LpgBehavior.StallsAfterFirstRate)
            {
                return;
            }

            if (i == 0 && server.Script.Lpg == LpgBehavior.CrashesAfterFirstRate)
            {
                runtime.AppendLine("Traceback (most recent call last): OSError: [Errno 28] No space left on device");
                Crash();
                return;
            }

            runtime.AppendLine($"TOTAL prompts: {(int)(rates[i] * seconds)}");
            runtime.AppendLine("====Result for Model: weighted====");
            await Task.Delay(server.Script.LpgRateDelay, cancellationToken);
        }

        var results = server.Script.Lpg == LpgBehavior.CompletesWithoutResults
            ? []
            : SyntheticLpgResults.Create(rates, seconds, models, split, Value(env, "TOKENIZER"), Value(env, "FILE_PREFIX"), Value(env, "BACKEND"));
        if (server.Script.Lpg == LpgBehavior.WritesMalformedResult && results.Count > 0)
        {
            results = [Malformed(results[0]), .. results.Skip(1)];
        }

        if (isSuite)
        {
            runtime.AppendLine(SuiteResultLog.BeginMarker);
            foreach (var (name, content) in results)
            {
                runtime.AppendLine($"{SuiteResultLog.FilePrefix}{name} {Convert.ToBase64String(content)}");
            }

            runtime.AppendLine($"{SuiteResultLog.EndMarkerText} {results.Count}");
        }
        else
        {
            foreach (var (name, content) in results)
            {
                runtime.Files[$"{WorkingFolder}/{name}"] = content;
            }
        }

        runtime.AppendLine("+ export LPG_FINISHED=true");
        runtime.AppendLine("+ sleep infinity");
    }

    // LPG's weighted file without its p90 latency: the reader must name the file and the field.
    private static (string Name, byte[] Content) Malformed((string Name, byte[] Content) file)
    {
        var json = JsonNode.Parse(file.Content)!.AsObject();
        // A missing latency is a value the run does not have (dropped for that rate, as upstream's
        // notebook drops NaN); a negative one cannot be, so the reader must refuse the file.
        json["metrics"]!.AsObject()["p90_latency_ms"] = -1;
        return (file.Name, Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private void Crash()
    {
        var now = FakeObjectStore.Timestamp(TimeProvider.System);
        server.Controller.SetContainers(
            ns,
            pod,
            new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff" } },
            ready: false,
            phase: "Running",
            lastState: new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["finishedAt"] = now } });
        runtime.Terminate();
    }

    private string HuggingFaceToken()
    {
        var secret = server.Store.Get(ResourceTypes.Secrets, ns, "hf-token");
        var data = secret?["data"]?["token"]?.GetValue<string>();
        return data is null ? string.Empty : Encoding.UTF8.GetString(Convert.FromBase64String(data));
    }

    private static string Value(Dictionary<string, string?> env, string name) =>
        env.TryGetValue(name, out var value) && value is not null ? value : throw new InvalidOperationException($"benchmark-tool has no {name}.");
}
