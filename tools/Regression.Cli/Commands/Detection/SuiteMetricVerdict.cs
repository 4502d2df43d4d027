namespace Regression.Cli.Commands.Detection;

/// <summary>One core metric's entry in the suite's <c>verdict.json</c>.</summary>
/// <param name="Metric">The <c>CoreMetric</c> name.</param>
/// <param name="Verdict">The metric's verdict.</param>
/// <param name="Worsening">The change the verdict weighed (positive = worse); null when not computable.</param>
/// <param name="MinimumDetectableChange">The smallest worsening the run could have told from noise.</param>
/// <param name="RSquared">Upstream's R² of the metric; null when not computable.</param>
internal sealed record SuiteMetricVerdict(string Metric, string Verdict, double? Worsening, double? MinimumDetectableChange, double? RSquared);
