using Landfall.Lake;
using Microsoft.Extensions.Logging;

namespace Landfall.Ledger;

/// <summary>
/// Finds, reads and writes ledger index objects (<c>_index/source=S/</c>). Writing only ever adds a fresh key; reading takes the newest
/// readable object and ignores, with a warning, any that cannot be read or validated. Never throws for a bad index: the manifests
/// are the authority and a reader falls back to them.
/// </summary>
internal sealed class LedgerIndexStore(ILake lake, ILogger logger)
{
    /// <summary>An index object larger than this (compressed) is not read.</summary>
    public const long MaxIndexBytes = 512L * 1024 * 1024;

    /// <summary>How many of the newest index objects are tried before giving up.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The newest valid index of <paramref name="source"/>, or null when there is none.</summary>
    public async Task<LedgerIndex?> LoadNewestAsync(string source, CancellationToken cancellationToken)
    {
        var candidates = new List<LakeObjectInfo>();
        try
        {
            await foreach (var obj in lake.ListObjectsAsync(LedgerIndexKeys.SourcePrefix(source), cancellationToken).ConfigureAwait(false))
            {
                if (LedgerIndexKeys.IsIndexKey(source, obj.Key))
                {
                    candidates.Add(obj);
                }
            }
        }
        catch (LandfallException e)
        {
            LedgerLog.IndexIgnored(logger, source, LedgerIndexKeys.SourcePrefix(source), $"the index folder could not be listed: {e.Message}");
            return null;
        }
        foreach (var info in candidates.OrderByDescending(o => o.LastModified).ThenByDescending(o => o.Key, StringComparer.Ordinal).Take(MaxAttempts))
        {
            if (info.Size > MaxIndexBytes)
            {
                LedgerLog.IndexIgnored(logger, source, info.Key, $"it is larger than {MaxIndexBytes} bytes");
                continue;
            }
            try
            {
                var stream = await lake.OpenReadAsync(info.Key, cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    return await LedgerIndexFormat.ReadAsync(stream, source, info, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is LandfallException or InvalidDataException or IOException or System.Text.Json.JsonException
                or ArgumentException or FormatException or OverflowException)
            {
                LedgerLog.IndexIgnored(logger, source, info.Key, e.Message.TrimEnd('.'));
            }
        }
        return null;
    }

    /// <summary>Writes a new index object of <paramref name="entries"/> and returns what was stored.</summary>
    public async Task<LakeObjectInfo> WriteAsync(string source, IReadOnlyList<LedgerEntry> entries, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = LedgerIndexKeys.Key(source, Guid.CreateVersion7(now).ToString());
        using var body = new MemoryStream();
        LedgerIndexFormat.Write(body, source, now, entries);
        body.Position = 0;
        return await lake.PutAsync(key, body, LedgerIndexFormat.ContentType, cancellationToken).ConfigureAwait(false);
    }
}
