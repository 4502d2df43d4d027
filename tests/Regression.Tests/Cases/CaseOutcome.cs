using Regression.Core.Analysis;
using Regression.Core.Results;

namespace Regression.Tests.Cases;

/// <summary>What a case's fixture produced: the sweep, its verdict against the baseline, and where the reports are.</summary>
/// <param name="Sweep">The current sweep.</param>
/// <param name="Comparison">The comparison with the baseline; null when there is nothing to compare with (recorded, or no baseline yet).</param>
/// <param name="BaselineProblem">Why there is no comparison, when there is none; null otherwise.</param>
/// <param name="RunFolder">The run's folder: LPG files, sweep.json, report.md, report.html, plots.</param>
/// <param name="Report">The report a person should open.</param>
/// <param name="Faults">The faults injected into the run (Faults settings), one line; null when none were.</param>
public sealed record CaseOutcome(SweepResult Sweep, SweepComparison? Comparison, string? BaselineProblem, string RunFolder, string Report, string? Faults = null);
