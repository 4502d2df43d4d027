using Regression.Core.Settings;
using Regression.Tests.Shared;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Regression.Tests.Cases;

/// <summary>
/// Loads testsettings.json and runs the case's <see cref="CasePipeline"/> once for all its rows;
/// a failure anywhere is kept and re-thrown, with its cause, in every row.
/// </summary>
public abstract class RegressionCaseFixture(RegressionCase regressionCase, IMessageSink diagnostics) : IAsyncLifetime
{
    private Exception? failure;
    private CaseOutcome? outcome;
    private SuiteSettings? settings;

    /// <summary>The case this fixture runs.</summary>
    public RegressionCase Case => regressionCase;

    /// <summary>The settings the case ran with.</summary>
    public SuiteSettings Settings => settings ?? throw Failed();

    /// <summary>The case's outcome; throws the provisioning or run failure, with its cause, when there is none.</summary>
    public CaseOutcome Outcome => outcome ?? throw Failed();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            // The nearest testsettings.json (or REGRESSION_SETTINGS); else the repository's own,
            // for builds whose output lies outside the repository (--artifacts-path).
            settings = SettingsLoader.Load(SettingsLoader.FindFile() ?? RepositoryFiles.Path(SettingsLoader.FileName));
            outcome = await CasePipeline.RunAsync(settings, Case, Log, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure must reach every row of the case, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
            Log($"{Case} could not run: {e.Message}");
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;

    private CaseFailedException Failed() => new(Case, failure);

    private void Log(string line) => diagnostics.OnMessage(new DiagnosticMessage(line));
}
