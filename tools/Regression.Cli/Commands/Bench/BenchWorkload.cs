using System.Globalization;
using System.Text;
using System.Text.Json;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;

namespace Regression.Cli.Commands.Bench;

/// <summary>
/// Request bodies for a benchmark point, in the format of LPG's benchmark_serving.py (LPG@46d6382):
/// a prompt drawn with replacement from a fixed pool (so the replicas' token counts hit their cache
/// as they do for a real dataset), the model drawn by the case's traffic split, <c>max_tokens</c>
/// as a reference length. Deterministic for a seed. Not the project's load generator: just enough
/// to load the cluster.
/// </summary>
internal sealed class BenchWorkload
{
    // Pool of distinct prompts; LPG's datasets hold thousands, a few hundred keep the build short.
    private const int PromptPool = 256;

    // Billsum-like lengths (words of about one token each): prompts 900–1,100, answers 100–200.
    private const int BillsumPromptMin = 900;
    private const int BillsumPromptMax = 1100;
    private const int BillsumAnswerMin = 100;
    private const int BillsumAnswerMax = 200;

    // Infinity-Instruct-like: prompts 50–150 words; answers log-normal around 420 tokens (σ of ln 0.55), 64–1,024.
    private const int InstructPromptMin = 50;
    private const int InstructPromptMax = 150;
    private const double InstructAnswerMedian = 420;
    private const double InstructAnswerSpread = 0.55;
    private const int InstructAnswerMin = 64;
    private const int InstructAnswerMax = 1024;

    private static readonly string[] Words =
    [
        "the", "committee", "shall", "report", "on", "section", "amended", "by", "striking", "and", "inserting", "federal",
        "state", "program", "fund", "year", "fiscal", "secretary", "act", "may", "for", "each", "under", "this", "public",
        "health", "service", "grant", "to", "of", "in", "a", "that", "such", "any", "other", "provide", "plan", "data", "water",
    ];

    private readonly BenchWorkloadKind _kind;
    private readonly string[] _prompts;
    private readonly IReadOnlyList<string> _models;
    private readonly double[] _cumulativeSplit;
    private readonly bool _stream;

    public BenchWorkload(BenchWorkloadKind kind, CaseSettings caseSettings, bool stream, int seed)
    {
        _kind = kind;
        _stream = stream;
        _models = caseSettings.Models;
        var split = caseSettings.EffectiveTrafficSplit;
        _cumulativeSplit = new double[split.Count];
        var sum = 0.0;
        for (var i = 0; i < split.Count; i++)
        {
            sum += split[i];
            _cumulativeSplit[i] = sum;
        }

        var random = new Random(seed);
        _prompts = Enumerable.Range(0, PromptPool).Select(_ => Prompt(random)).ToArray();
    }

    /// <summary>The body of one request, drawn with <paramref name="random"/>.</summary>
    public byte[] Body(Random random)
    {
        var model = Model(random.NextDouble());
        var prompt = _prompts[random.Next(_prompts.Length)];
        var maxTokens = _kind == BenchWorkloadKind.BillsumLike
            ? random.Next(BillsumAnswerMin, BillsumAnswerMax + 1)
            : LengthDraw.LogNormal(random, InstructAnswerMedian, InstructAnswerSpread, InstructAnswerMin, InstructAnswerMax);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("prompt", prompt);
            json.WriteNumber("n", 1);
            json.WriteNumber("best_of", 1);
            json.WriteBoolean("use_beam_search", false);
            json.WriteNumber("temperature", 1.0);
            json.WriteNumber("top_p", 1.0);
            json.WriteNumber("max_tokens", maxTokens);
            json.WriteBoolean("ignore_eos", false);
            json.WriteBoolean("stream", _stream);
            if (_stream)
            {
                json.WriteStartObject("stream_options");
                json.WriteBoolean("include_usage", true);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private string Model(double draw)
    {
        for (var i = 0; i < _cumulativeSplit.Length; i++)
        {
            if (draw < _cumulativeSplit[i])
            {
                return _models[i];
            }
        }

        return _models[^1];
    }

    private string Prompt(Random random)
    {
        var (min, max, start) = _kind == BenchWorkloadKind.BillsumLike
            ? (BillsumPromptMin, BillsumPromptMax, "Summarize the following text:\n")
            : (InstructPromptMin, InstructPromptMax, "Explain in detail:");
        var words = random.Next(min, max + 1);
        var text = new StringBuilder(start, start.Length + (words * 8));
        for (var i = 0; i < words; i++)
        {
            text.Append(i == 0 && start.EndsWith('\n') ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
        }

        return text.ToString();
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{_kind}, {_models.Count} model(s), {(_stream ? "streaming" : "whole answers")}");
}
