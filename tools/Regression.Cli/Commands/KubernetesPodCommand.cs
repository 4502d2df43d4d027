using System.Globalization;
using Regression.Core.Settings;
using Regression.LoadGeneration;
using Regression.LoadGeneration.Datasets;

namespace Regression.Cli.Commands;

/// <summary>
/// <c>kubernetes-pod</c>: the <c>benchmark-tool</c> pod's entry point when the Kubernetes
/// environment runs this repository's generator (<c>Kubernetes:LoadGenerator = Suite</c>). It reads
/// LPG's environment variables as LPG's <c>latency_throughput_curve.sh</c> does (upstream spec §3.2,
/// §3.3), runs the sweep, prints LPG's progress lines, writes LPG's result files, prints them
/// between the markers the environment reads from the pod's log, prints <c>LPG_FINISHED</c>, and
/// then keeps running until stopped, as LPG's pod does (a Deployment restarts a container that exits).
/// </summary>
/// <param name="environment">Reads an environment variable; null reads the process's.</param>
/// <param name="hold">Runs after <c>LPG_FINISHED</c>; null waits until cancelled (tests pass one that returns).</param>
internal sealed class KubernetesPodCommand(Func<string, string?>? environment = null, Func<CancellationToken, Task>? hold = null) : ICliCommand
{
    // The pod-log protocol; Regression.Environments' SuiteResultLog reads exactly these
    // (the round-trip test runs both sides).
    public const string BeginMarker = "regression-results-begin";
    public const string FilePrefix = "regression-result-file ";
    public const string EndMarker = "regression-results-end";

    // What LPG's shell prints (upstream spec §3.2); the environment follows the first, upstream's download script the last.
    public const string RatePrefix = "Benchmarking request rate: ";
    public const string PromptsPrefix = "TOTAL prompts: ";
    public const string FinishedMarker = "LPG_FINISHED";

    // LPG's file names of the upstream datasets (LPG@46d6382 datasets/import_dataset.py); the
    // generated stand-in is used when the file itself is not in the image.
    private const string BillsumFile = "billsum_conversations.json";
    private const string InfinityInstructFile = "Infinity-Instruct_conversations.json";

    // The only backend this generator speaks (LPG's default; upstream sets it too).
    private const string VllmBackend = "vllm";

    // LPG knobs this generator does not implement: set, they are reported, not silently dropped.
    private static readonly string[] IgnoredVariables = ["IGNORE_EOS", "SCRAPE_SERVER_METRICS", "OUTPUT_BUCKET", "OUTPUT_BUCKET_FILEPATH", "SLEEP_TIME", "MAX_NUM_PROMPTS", "PROMPT_DATASET"];

    private const string Output = "--output";

    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string Name => "kubernetes-pod";

    public string Summary => "the load generator pod's entry point: LPG's environment in, results in the pod's log";

    public string Usage => $"""
        usage: regression kubernetes-pod [{Output} DIR] [{SuiteSettingsOption.Name} FILE]

        Reads LPG's environment variables: IP, PORT, REQUEST_RATES, BENCHMARK_TIME_SECONDS, MODELS,
        TRAFFIC_SPLIT, INPUT_LENGTH, OUTPUT_LENGTH, FILE_PREFIX, PROMPT_DATASET_FILE, BACKEND,
        TOKENIZER, STREAM_REQUEST. Sends the sweep to http://IP:PORT/v1/completions, writes LPG's
        files into DIR (default: the working folder, as LPG), prints them base64-encoded between
        {BeginMarker} and {EndMarker}, then {FinishedMarker}, then waits until stopped.
        PROMPT_DATASET_FILE names a conversation file; the upstream names ({BillsumFile},
        {InfinityInstructFile}) fall back to the generated stand-ins when the file is absent.
          {SuiteSettingsOption.Usage}
        Each variable must lie in its accepted range (e.g. int(rate × seconds) at most
        {LpgVariableRanges.MaxRequestsPerRate} per rate, at most {LpgVariableRanges.MaxSecondsPerRate.ToString(CultureInfo.InvariantCulture)} s per rate), and DIR must be writable;
        both are checked before anything is sent.
        exit codes: 0 stopped, 2 a bad variable or output folder (named).
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = ParsedArguments.Parse(args, new HashSet<string> { Output, SuiteSettingsOption.Name }, new HashSet<string>());
        var folder = OutputFolder(options.Single(Output));
        var settings = await SuiteSettingsOption.LoadAsync(options.Single(SuiteSettingsOption.Name), console).ConfigureAwait(false);

        // Every variable is read and checked, and the output folder tried, before any work.
        var rateTexts = List("REQUEST_RATES");
        var caseSettings = CaseFromEnvironment(rateTexts);
        var generatorSettings = settings.LoadGenerator with
        {
            FilePrefix = FilePrefixVariable() ?? settings.LoadGenerator.FilePrefix,
            Streaming = Flag("STREAM_REQUEST") ?? settings.LoadGenerator.Streaming,
        };
        var target = Target();
        EnsureWritable(folder);
        await ReportIgnoredAsync(console).ConfigureAwait(false);

        // A pod is stopped with SIGTERM, which the program turns into cancellation, as Ctrl+C.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        PromptDataset dataset;
        try
        {
            dataset = await PromptDataset.LoadAsync(caseSettings, generatorSettings, Environment.CurrentDirectory, stop.Token).ConfigureAwait(false);
        }
        catch (DatasetFormatException e)
        {
            throw new CommandLineException($"PROMPT_DATASET_FILE = '{_environment("PROMPT_DATASET_FILE")}': {e.Message}", e);
        }

        await console.Error.WriteLineAsync($"{dataset.Prompts.Count} prompts from {dataset.Source}; sending to {target}.").ConfigureAwait(false);
        using var generator = new LoadGenerator(target, generatorSettings);
        var sweep = await new SweepRunner(generator)
            .RunAsync(caseSettings, dataset, new LpgProgress(console.Out, rateTexts), stop.Token)
            .ConfigureAwait(false);
        if (sweep.Cancelled)
        {
            await console.Error.WriteLineAsync("Stopped before the sweep ended; no results printed.").ConfigureAwait(false);
            return ExitCodes.Success;
        }

        try
        {
            // The folder was writable before the sweep; a full disk or a folder removed since is still reported, not a crash.
            Directory.CreateDirectory(folder);
            var files = sweep.WriteLpgFiles(folder);
            await PrintResultsAsync(console.Out, files).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"{Output} = '{folder}': writing the results after the sweep failed ({e.Message}).", e);
        }

        await console.Out.WriteLineAsync(FinishedMarker).ConfigureAwait(false);
        await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        await (hold ?? WaitUntilCancelledAsync)(stop.Token).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string OutputFolder(string? option)
    {
        try
        {
            return Path.GetFullPath(option ?? ".");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CommandLineException($"{Output} = '{option}': not a usable path ({e.Message}).", e);
        }
    }

    // Creates the folder and a file in it (removed at once), so that a folder that cannot take the
    // results fails now, not after a sweep of many minutes.
    private static void EnsureWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".regression-write-check-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CommandLineException($"{Output} = '{folder}': cannot be written ({e.Message}); nothing was sent.", e);
        }
    }

    private static async Task PrintResultsAsync(TextWriter output, IReadOnlyList<string> files)
    {
        await output.WriteLineAsync(BeginMarker).ConfigureAwait(false);
        foreach (var file in files)
        {
            var content = await File.ReadAllBytesAsync(file).ConfigureAwait(false);
            await output.WriteLineAsync($"{FilePrefix}{Path.GetFileName(file)} {Convert.ToBase64String(content)}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{EndMarker} {files.Count}")).ConfigureAwait(false);
    }

    private static async Task WaitUntilCancelledAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The pod is being deleted: the normal end.
        }
    }

    private CaseSettings CaseFromEnvironment(IReadOnlyList<string> rateTexts)
    {
        var models = List("MODELS");
        var split = Optional("TRAFFIC_SPLIT") is null ? [] : List("TRAFFIC_SPLIT").Select(t => Number("TRAFFIC_SPLIT", t)).ToList();
        var backend = Optional("BACKEND") ?? VllmBackend;
        if (backend != VllmBackend)
        {
            throw Bad("BACKEND", backend, $"only '{VllmBackend}' is supported");
        }

        _ = Required("TOKENIZER");
        CheckModels(models);
        var rates = rateTexts.Select(t => Number("REQUEST_RATES", t)).ToList();
        if (rates.Any(r => !(r > 0)))
        {
            throw Bad("REQUEST_RATES", _environment("REQUEST_RATES"), "rates must be positive (LPG's rate 0, 'as fast as possible', is not supported)");
        }

        if (rates.Count > LpgVariableRanges.MaxRates)
        {
            throw Bad("REQUEST_RATES", _environment("REQUEST_RATES"), $"{rates.Count} rates, at most {LpgVariableRanges.MaxRates}");
        }

        var secondsText = Required("BENCHMARK_TIME_SECONDS");
        var seconds = Number("BENCHMARK_TIME_SECONDS", secondsText);
        if (seconds is not (> 0 and <= LpgVariableRanges.MaxSecondsPerRate))
        {
            throw Bad("BENCHMARK_TIME_SECONDS", secondsText, seconds > 0
                ? $"at most {LpgVariableRanges.MaxSecondsPerRate.ToString(CultureInfo.InvariantCulture)} seconds per rate (upstream runs 300; a longer rate is a typo, not a benchmark)"
                : "must be positive");
        }

        CheckRequestCounts(rateTexts, rates, secondsText, seconds);
        var defaults = new CaseSettings();
        var caseSettings = new CaseSettings
        {
            BaseModel = models[0],
            Models = models,
            TrafficSplit = split,
            RequestRates = rates,
            SecondsPerRate = seconds,
            MaxInputLength = SequenceLength("INPUT_LENGTH", defaults.MaxInputLength),
            MaxOutputLength = SequenceLength("OUTPUT_LENGTH", defaults.MaxOutputLength),
            Replicas = 1,
        };
        caseSettings = WithDataset(caseSettings, Required("PROMPT_DATASET_FILE"));
        var problems = new List<string>();
        caseSettings.Validate("environment", problems);
        return problems.Count == 0 ? caseSettings : throw new CommandLineException(ToVariables(problems[0]));
    }

    // LPG sends int(rate × seconds) requests per rate, all scheduled (and later recorded) in memory.
    private static void CheckRequestCounts(IReadOnlyList<string> rateTexts, List<double> rates, string secondsText, double seconds)
    {
        for (var i = 0; i < rates.Count; i++)
        {
            var requests = Math.Floor(rates[i] * seconds);
            if (requests > LpgVariableRanges.MaxRequestsPerRate)
            {
                throw new CommandLineException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"REQUEST_RATES = '{rateTexts[i]}' with BENCHMARK_TIME_SECONDS = '{secondsText}': int({rateTexts[i]} × {secondsText}) = {requests:0} requests for one rate, " +
                    $"more than {LpgVariableRanges.MaxRequestsPerRate} (the schedule and every request's record are held in memory); lower the rate or the seconds."));
            }
        }
    }

    private void CheckModels(List<string> models)
    {
        if (models.Count > LpgVariableRanges.MaxModels)
        {
            throw Bad("MODELS", _environment("MODELS"), $"{models.Count} models, at most {LpgVariableRanges.MaxModels}");
        }

        if (models.FirstOrDefault(m => m.Length > LpgVariableRanges.MaxModelNameLength) is { } tooLong)
        {
            throw Bad("MODELS", _environment("MODELS"), $"'{tooLong}' has {tooLong.Length} characters, at most {LpgVariableRanges.MaxModelNameLength} (a model's name becomes part of its result files' names)");
        }
    }

    private string? FilePrefixVariable()
    {
        var prefix = Optional("FILE_PREFIX");
        return prefix is null || LpgVariableRanges.IsFilePrefix(prefix)
            ? prefix
            : throw Bad("FILE_PREFIX", prefix, $"expected 1 to {LpgVariableRanges.MaxFilePrefixLength} letters, digits, '.', '_' or '-', starting with a letter, a digit or '_' (it starts every result file's name, inside the output folder)");
    }

    private static CaseSettings WithDataset(CaseSettings caseSettings, string file)
    {
        if (File.Exists(file))
        {
            return caseSettings with { DatasetFile = Path.GetFullPath(file) };
        }

        return Path.GetFileName(file) switch
        {
            BillsumFile => caseSettings with { Dataset = SyntheticDataset.BillsumLike },
            InfinityInstructFile => caseSettings with { Dataset = SyntheticDataset.InfinityInstructLike },
            _ => throw Bad("PROMPT_DATASET_FILE", file, $"no such file, and not an upstream dataset name with a generated stand-in ({BillsumFile}, {InfinityInstructFile})"),
        };
    }

    // CaseSettings names its keys; the pod's user knows the variables.
    private static string ToVariables(string problem) => problem
        .Replace("environment:RequestRates", "REQUEST_RATES", StringComparison.Ordinal)
        .Replace("environment:SecondsPerRate", "BENCHMARK_TIME_SECONDS", StringComparison.Ordinal)
        .Replace("environment:TrafficSplit", "TRAFFIC_SPLIT", StringComparison.Ordinal)
        .Replace("environment:Models", "MODELS", StringComparison.Ordinal)
        .Replace("environment:MaxInputLength", "INPUT_LENGTH", StringComparison.Ordinal)
        .Replace("environment:MaxOutputLength", "OUTPUT_LENGTH", StringComparison.Ordinal)
        .Replace("environment:BaseModel", "MODELS", StringComparison.Ordinal);

    private Uri Target()
    {
        var host = Required("IP");
        var portText = Required("PORT");
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Bad("PORT", portText, "expected a TCP port (1-65535)");
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return Uri.TryCreate($"http://{hostPart}:{port}/", UriKind.Absolute, out var uri) && uri.AbsolutePath == "/"
            ? uri
            : throw Bad("IP", host, "expected a host name or an IP address");
    }

    private async Task ReportIgnoredAsync(CliConsole console)
    {
        foreach (var name in IgnoredVariables.Where(n => !string.IsNullOrEmpty(_environment(n))))
        {
            await console.Error.WriteLineAsync($"{name} = '{_environment(name)}' is ignored: this generator does not implement it.").ConfigureAwait(false);
        }
    }

    private string? Optional(string name) => _environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private string Required(string name) => Optional(name) ?? throw new CommandLineException($"{name} is not set: the pod needs it (as LPG's script does).");

    // Unset is null; LPG's script tests for "true", so anything but true or false is a typo.
    private bool? Flag(string name) => Optional(name) switch
    {
        null => null,
        var text when string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) => true,
        var text when string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) => false,
        var text => throw Bad(name, text, "expected true or false"),
    };

    private List<string> List(string name)
    {
        var items = Required(name).Split(',').Select(t => t.Trim()).ToList();
        return items.Any(t => t.Length == 0) ? throw Bad(name, _environment(name), "has an empty item") : items;
    }

    private int SequenceLength(string name, int fallback)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Bad(name, text, "expected a whole number");
        }

        return value is >= LpgVariableRanges.MinSequenceLength and <= LpgVariableRanges.MaxSequenceLength
            ? value
            : throw Bad(name, text, $"must be {LpgVariableRanges.MinSequenceLength} to {LpgVariableRanges.MaxSequenceLength} tokens (LPG drops shorter sequences; Llama-3.1's context window is {LpgVariableRanges.MaxSequenceLength})");
    }

    private static double Number(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Bad(name, text, "expected a number");

    private static CommandLineException Bad(string name, string? value, string reason) => new($"{name} = '{value}': {reason}.");

    // LPG's lines: "Benchmarking request rate: r" and "TOTAL prompts: N" as a rate starts (r as the
    // variable spelled it), a one-line summary as it ends.
    private sealed class LpgProgress(TextWriter output, IReadOnlyList<string> rateTexts) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value)
        {
            if (value.Completed is null)
            {
                output.WriteLine($"{RatePrefix}{rateTexts[value.RateIndex]}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{PromptsPrefix}{value.Plan.RequestCount}"));
            }
            else
            {
                output.WriteLine(value.ToString());
            }

            output.Flush();
        }
    }
}
