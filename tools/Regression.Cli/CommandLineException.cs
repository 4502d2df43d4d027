namespace Regression.Cli;

/// <summary>The arguments or the inputs they name are unusable; the message is one line for the user.</summary>
internal sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandLineException()
    {
    }
}
