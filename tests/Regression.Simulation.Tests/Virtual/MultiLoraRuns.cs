using Regression.Core.Settings;

namespace Regression.Simulation.Tests.Virtual;

/// <summary>The MultiLora case from testsettings.json at <see cref="SecondsPerRate"/> s per rate, with its baseline.</summary>
public sealed class MultiLoraRuns() : CaseRuns(RegressionCase.MultiLora, SecondsPerRate)
{
    /// <summary>
    /// 60 s per rate: every rate (20..200), the 15 adapters with their split, max-loras and replicas of
    /// the case are kept; the lowest rate still sends 1,200 requests (its rarest adapters about 24
    /// each). Long answers drain for up to about 10 s after the send phase, a third of the suite's
    /// default 20 s but a sixth of 60 s, which steadies tokens/min. A sweep takes about 0.8 s.
    /// </summary>
    public const double SecondsPerRate = 60;
}
