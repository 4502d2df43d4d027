namespace Regression.Cli.Commands.Detection;

/// <summary>
/// A 95 % confidence interval for a rate of k in n runs: the Wilson score interval. Unlike the plain
/// p ± z·√(p(1 − p)/n) it stays inside [0, 1] and does not collapse to a point at 0 or n of n, so
/// "0 false alarms in 10 runs" reads as "at most 28 %", which is what ten runs can say.
/// </summary>
/// <param name="Low">Lower bound, in [0, 1].</param>
/// <param name="High">Upper bound, in [0, 1].</param>
internal sealed record ProportionInterval(double Low, double High)
{
    /// <summary>The standard normal quantile for two-sided 95 %: Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The method's name for table captions.</summary>
    public const string Method = "Wilson score";

    /// <summary>The Wilson score interval of <paramref name="successes"/> in <paramref name="trials"/> at 95 %.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No trials, or successes outside 0..trials.</exception>
    public static ProportionInterval Wilson(int successes, int trials)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        var p = (double)successes / trials;
        var z2 = Z95 * Z95;
        var denominator = 1 + (z2 / trials);
        var centre = (p + (z2 / (2 * trials))) / denominator;
        var halfWidth = Z95 * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials))) / denominator;
        return new(Math.Max(0, centre - halfWidth), Math.Min(1, centre + halfWidth));
    }
}
