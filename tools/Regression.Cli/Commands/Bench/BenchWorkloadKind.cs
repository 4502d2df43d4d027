namespace Regression.Cli.Commands.Bench;

/// <summary>The shape of the requests a benchmark point sends.</summary>
internal enum BenchWorkloadKind
{
    /// <summary>Prefill-heavy: prompts of about 1,000 tokens, answers of 100–200 (billsum, upstream Test Case 1).</summary>
    BillsumLike,

    /// <summary>Decode-heavy: prompts of about 100 tokens, long answers up to 1,024 (Infinity-Instruct, Test Case 2).</summary>
    InfinityInstructLike,
}
