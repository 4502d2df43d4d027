using Regression.Core.Reports;

namespace Regression.Cli.Commands;

/// <summary>
/// The report.md of one <c>compare</c> run, claimed before the verdict is printed: the folder is
/// created and the file created exclusively (it never replaces a file), so an unwritable folder or
/// an existing report is bad input reported up front, and two runs never share a file. A claim that
/// is not written (the run stopped) is removed again, leaving no empty or half-written report.
/// </summary>
internal sealed class CompareReportFile : IAsyncDisposable
{
    // Runs started within one second share a default folder name; a numbered suffix separates
    // them. Far more than can start in one second, few enough to end a loop on a broken folder.
    private const int MaxDefaultFolderAttempts = 1000;

    private readonly bool createdFolder;
    private FileStream? stream;

    private CompareReportFile(string folder, FileStream stream, bool createdFolder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, MarkdownReport.FileName);
        this.stream = stream;
        this.createdFolder = createdFolder;
    }

    /// <summary>The folder holding the report.</summary>
    public string Folder { get; }

    /// <summary>The report's path.</summary>
    public string Path { get; }

    /// <summary>Claims report.md in the folder the user named.</summary>
    /// <exception cref="CommandLineException">The folder cannot be created or written, or already holds a report.</exception>
    public static CompareReportFile ClaimIn(string folder, string option) =>
        TryClaim(folder) ?? throw new CommandLineException(
            $"{System.IO.Path.Combine(folder, MarkdownReport.FileName)} already exists; a report is never overwritten: choose another {option}");

    /// <summary>
    /// Claims report.md in a new folder <paramref name="name"/> under <paramref name="parent"/>, or
    /// <c>name-2</c>, <c>name-3</c> … when another run holds it: the exclusive creation of the file
    /// decides, so concurrent runs always end in different folders.
    /// </summary>
    /// <exception cref="CommandLineException">The folder cannot be created or written.</exception>
    public static CompareReportFile ClaimNew(string parent, string name)
    {
        for (var attempt = 1; attempt <= MaxDefaultFolderAttempts; attempt++)
        {
            var folder = System.IO.Path.Combine(parent, attempt == 1 ? name : $"{name}-{attempt}");
            if (TryClaim(folder) is { } claimed)
            {
                return claimed;
            }
        }

        throw new CommandLineException(
            $"cannot write the report under {parent}: {name} and {MaxDefaultFolderAttempts - 1} numbered folders after it all hold a report already");
    }

    /// <summary>Writes the report and closes the file; on failure removes what was written.</summary>
    /// <exception cref="CommandLineException">The report could not be written (disk full, folder removed …).</exception>
    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        var open = stream ?? throw new InvalidOperationException("The report was written already.");
        try
        {
            // UTF-8 without a byte-order mark, as File.WriteAllText writes; closing the writer closes the file.
            var writer = new StreamWriter(open);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            stream = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"cannot write the report {Path}: {e.Message}", e);
        }
    }

    /// <summary>Removes the claim when the report was not written.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stream is null)
        {
            return;
        }

        await stream.DisposeAsync().ConfigureAwait(false);
        stream = null;
        try
        {
            File.Delete(Path);
            if (createdFolder && !Directory.EnumerateFileSystemEntries(Folder).Any())
            {
                Directory.Delete(Folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the run is failing already, and its own error is the one to report.
        }
    }

    // The claim, or null when the folder holds a report.md already.
    private static CompareReportFile? TryClaim(string folder)
    {
        var path = System.IO.Path.Combine(folder, MarkdownReport.FileName);
        try
        {
            var existed = Directory.Exists(folder);
            Directory.CreateDirectory(folder);
            return new CompareReportFile(folder, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None), !existed);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CommandLineException($"cannot write the report to {folder}: {e.Message}", e);
        }
    }
}
