using Regression.Core.Analysis;
using Regression.Core.Settings;
using Regression.LoadGeneration.Datasets;
using Regression.Simulation.Virtual;
using Regression.Tests.Shared;

namespace Regression.Simulation.Tests.Virtual;

/// <summary>
/// A regression case as the repository's testsettings.json defines it, run in virtual time, with a
/// baseline of <see cref="BaselineSeeds"/> seeds (the suite records baselines from several seeds)
/// computed once for all of a test class's tests. Later runs use the seeds after the baseline's.
/// </summary>
/// <remarks>
/// Runs are deterministic, so a test's verdict never changes from one run of the suite to the next;
/// which seeds are used is fixed here (the first ones after the baseline), not picked to pass.
/// </remarks>
public abstract class CaseRuns : IAsyncLifetime
{
    /// <summary>Seeds in the baseline: the case's own seed and the ones after it.</summary>
    public const int BaselineSeeds = 5;

    private readonly RegressionCase regressionCase;
    private readonly double secondsPerRate;
    private IReadOnlyList<DatasetPrompt> prompts = [];

    protected CaseRuns(RegressionCase regressionCase, double secondsPerRate)
    {
        this.regressionCase = regressionCase;
        this.secondsPerRate = secondsPerRate;
    }

    /// <summary>The suite's settings from the repository's testsettings.json.</summary>
    public SuiteSettings Settings { get; private set; } = new();

    /// <summary>The case's options, with the test's seconds per rate.</summary>
    public VirtualClusterOptions Options { get; private set; } = null!;

    /// <summary>The baseline's runs, one per seed.</summary>
    public IReadOnlyList<SweepValues> Baseline { get; private set; } = [];

    /// <summary>The first seed that is not in the baseline.</summary>
    public int FirstSeedAfterBaseline => Options.Case.Seed + BaselineSeeds;

    public async Task InitializeAsync()
    {
        Settings = SettingsLoader.Load(RepositoryFiles.Path(SettingsLoader.FileName));
        var options = VirtualClusterOptions.From(Settings, regressionCase);
        Options = options with { Case = options.Case with { SecondsPerRate = secondsPerRate } };
        prompts = (await PromptDataset.LoadAsync(Options.Case, Options.LoadGenerator, Settings.RootDirectory)).Prompts;
        var baseline = new SweepValues[BaselineSeeds];
        Parallel.For(0, BaselineSeeds, i => baseline[i] = Run(SweepChanges.Unchanged, Options.Case.Seed + i));
        Baseline = baseline;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The case with <paramref name="change"/> applied, run with <paramref name="seed"/>.</summary>
    public SweepValues Run(SweepChange change, int seed)
    {
        var options = change.Apply(Options with { Case = Options.Case with { Seed = seed } });
        return SweepValues.From(VirtualClusterRunner.Run(options, prompts).Result);
    }

    /// <summary>The first seed after the baseline, changed by <paramref name="change"/>, judged by the repository's Analysis settings.</summary>
    public SweepComparison CompareAfterChange(SweepChange change) =>
        SweepComparer.Compare(Baseline, Run(change, FirstSeedAfterBaseline), Settings.Analysis);
}
