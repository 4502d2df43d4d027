using Regression.Simulation.Virtual;

namespace Regression.Cli.Commands.Detection;

/// <summary>
/// What a variant's rate should be: at least <see cref="Rate"/> detected for a regression, at most
/// <see cref="Rate"/> false alarms for the unchanged system. "Met" only once the 95 % interval lies
/// wholly on the right side, so a handful of runs reads "not yet", never a premature "yes".
/// </summary>
/// <param name="Rate">The bound.</param>
/// <param name="AtMost">True for a false-alarm bound (≤), false for a detection bound (≥).</param>
internal sealed record DetectionTarget(double Rate, bool AtMost)
{
    private const double FalseAlarms = 0.01;
    private const double SmallRegression = 0.95;
    private const double LargeRegression = 0.99;

    /// <summary>The target of <paramref name="change"/>; null for a variant without one (adapter loads ×10).</summary>
    public static DetectionTarget? For(SweepChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Key switch
        {
            "unchanged" => new(FalseAlarms, AtMost: true),
            "decode-1.05" => new(SmallRegression, AtMost: false),
            "decode-1.10" or "round-robin" or "max-loras-2" => new(LargeRegression, AtMost: false),
            _ => null,
        };
    }

    /// <summary>"≥ 95 %" or "≤ 1 %".</summary>
    public override string ToString() => $"{(AtMost ? "≤" : "≥")} {DetectionFormat.Percent(Rate)}";

    /// <summary>yes (the interval is on the right side), no (it is on the wrong side) or not yet.</summary>
    public string Judge(ProportionInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        var met = AtMost ? interval.High <= Rate : interval.Low >= Rate;
        var missed = AtMost ? interval.Low > Rate : interval.High < Rate;
        return met ? "yes" : missed ? "no" : "not yet";
    }
}
