using System.Runtime.InteropServices;
using Regression.Cli;
using Regression.Cli.Commands;
using Regression.Cli.Commands.Pairing;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C asks the running command to stop cleanly; a second one kills the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

// SIGTERM (docker stop, a pod's termination) stops the command cleanly too.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
{
    signal.Cancel = true;
    cancellation.Cancel();
});

var application = new CliApplication(
[
    new CompareCommand(TimeProvider.System),
    new SimulateCommand(),
    new CalibrateCommand(),
    new BenchClusterCommand(),
    new BenchGeneratorCommand(),
    new VirtualSweepCommand(),
    new DetectionCommand(),
    new PairingCommand(),
    new KubernetesPodCommand(),
]);
return await application.RunAsync(args, CliConsole.System, cancellation.Token).ConfigureAwait(false);
