using System.Globalization;
using System.Text;
using MathNet.Numerics.Statistics;
using Regression.Core.Analysis;
using Regression.Core.Metrics;
using Regression.Core.Results;

namespace Regression.Cli.Commands.Pairing;

/// <summary>
/// The pairing benchmark's figures: per rate and metric, the real-time runs' mean, their coefficient
/// of variation and the mean's deviation from the virtual-time result of the same schedule.
/// </summary>
internal sealed class PairingTable
{
    /// <summary>The metrics the goals are stated for.</summary>
    public static readonly CoreMetric[] Metrics = [CoreMetric.P90Latency, CoreMetric.P90NormalizedTimePerOutputToken, CoreMetric.OutputTokensPerMinute];

    // The goals: runs of one schedule agree within these coefficients of variation, and with virtual time within this.
    private const double LatencyCvGoal = 0.02;
    private const double ThroughputCvGoal = 0.01;
    private const double VirtualDeviationGoal = 0.03;

    private readonly List<Row> _rows = [];
    private readonly int _runs;

    private PairingTable(int runs) => _runs = runs;

    /// <summary>The figures of <paramref name="realTime"/> runs against <paramref name="virtualTime"/>.</summary>
    public static PairingTable Build(IReadOnlyList<SweepValues> realTime, SweepValues virtualTime)
    {
        ArgumentNullException.ThrowIfNull(realTime);
        ArgumentNullException.ThrowIfNull(virtualTime);
        var table = new PairingTable(realTime.Count);
        foreach (var rate in virtualTime.Rates)
        {
            foreach (var metric in Metrics)
            {
                var values = realTime
                    .Select(run => run.Rates.FirstOrDefault(r => RequestRates.AreSame(r.RequestRate, rate.RequestRate))?.Values.Get(metric))
                    .Where(v => v is { } x && double.IsFinite(x))
                    .Select(v => v!.Value)
                    .ToArray();
                if (values.Length == 0)
                {
                    continue;
                }

                var mean = values.Mean();
                var cv = values.Length > 1 && mean != 0 ? values.StandardDeviation() / Math.Abs(mean) : double.NaN;
                var reference = rate.Values.Get(metric);
                var deviation = reference != 0 ? (mean - reference) / Math.Abs(reference) : double.NaN;
                table._rows.Add(new Row(rate.RequestRate, metric, values.Length, mean, cv, reference, deviation));
            }
        }

        return table;
    }

    /// <summary>The largest coefficient of variation of <paramref name="metric"/> over the rates.</summary>
    public double WorstVariation(CoreMetric metric) => _rows.Where(r => r.Metric == metric && double.IsFinite(r.Variation)).Select(r => r.Variation).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The largest deviation of a real-time mean from virtual time, over the rates and metrics.</summary>
    public double WorstDeviation => _rows.Where(r => double.IsFinite(r.Deviation)).Select(r => Math.Abs(r.Deviation)).DefaultIfEmpty(double.NaN).Max();

    /// <summary>One Markdown row per rate and metric.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| rate | metric | runs | real-time mean | CV | virtual time | real − virtual |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var row in _rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Rate:0.##} | {CoreMetrics.Get(row.Metric).DisplayName} | {row.Runs} | {row.Mean:0.###} | {Percent(row.Variation)} | {row.Virtual:0.###} | {Percent(row.Deviation)} |"));
        }

        return text.ToString();
    }

    /// <summary>The worst figures against the goals, one line each.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        foreach (var metric in Metrics)
        {
            var goal = metric == CoreMetric.OutputTokensPerMinute ? ThroughputCvGoal : LatencyCvGoal;
            var worst = WorstVariation(metric);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{CoreMetrics.Get(metric).DisplayName}: largest CV over {_runs} runs {Percent(worst)} (goal at most {goal:0 %}): {(worst <= goal ? "met" : "NOT met")}"));
        }

        var deviation = WorstDeviation;
        text.Append(string.Create(CultureInfo.InvariantCulture,
            $"real time vs virtual time: largest deviation {Percent(deviation)} (goal at most {VirtualDeviationGoal:0 %}): {(deviation <= VirtualDeviationGoal ? "met" : "NOT met")}"));
        return text.ToString();
    }

    private static string Percent(double fraction) => double.IsFinite(fraction) ? fraction.ToString("0.00 %", CultureInfo.InvariantCulture) : "–";

    private sealed record Row(double Rate, CoreMetric Metric, int Runs, double Mean, double Variation, double Virtual, double Deviation);
}
