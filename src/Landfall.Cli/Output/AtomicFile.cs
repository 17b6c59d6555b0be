namespace Landfall.Cli.Output;

/// <summary>A file being written: a temporary file next to the target, moved over it only when complete.</summary>
internal sealed class AtomicFile : IAsyncDisposable
{
    private readonly string _target;
    private readonly string _temporary;
    private bool _committed;

    private AtomicFile(string target, string temporary, FileStream stream)
    {
        _target = target;
        _temporary = temporary;
        Stream = stream;
    }

    public FileStream Stream { get; }

    public static AtomicFile Open(string target, string option)
    {
        if (Directory.Exists(target))
        {
            throw new UsageException($"{option} '{target}' is a folder; give the path of the file to write.");
        }
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{option} '{target}': the folder '{folder}' does not exist; create it first.");
        }
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            return new AtomicFile(target, temporary, new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} '{target}': cannot write in '{folder}' ({e.Message}).");
        }
    }

    /// <summary>Flushes to disk and moves the file into place; returns its size.</summary>
    public async Task<long> CommitAsync(CancellationToken cancellationToken)
    {
        await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        Stream.Flush(flushToDisk: true);
        var length = Stream.Length;
        await Stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Move(_temporary, _target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LandfallException($"Could not move the file into place at '{_target}' ({e.Message}); nothing was replaced.", e);
        }
        _committed = true;
        return length;
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        if (!_committed)
        {
            try
            {
                File.Delete(_temporary);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The temporary file is hidden (dot-named) and harmless; the command's own error is what matters.
            }
        }
    }
}
