using Regression.Core.Analysis;
using Regression.Simulation.Hosting;

namespace Regression.Cli.Commands.Pairing;

/// <summary>One real-time sweep of the pairing benchmark: its values, how well it kept the timeline, and what it took.</summary>
internal sealed record PairingRun(SweepValues Values, PairedTimeline Paired, double DriverLagP99Milliseconds, TimeSpan Wall);
