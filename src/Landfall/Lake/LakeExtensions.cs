using System.Runtime.CompilerServices;

namespace Landfall.Lake;

/// <summary>Listing helpers that walk every page.</summary>
public static class LakeExtensions
{
    /// <summary>Every object under a prefix, across all pages.</summary>
    public static async IAsyncEnumerable<LakeObjectInfo> ListObjectsAsync(
        this ILake lake, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await lake.ListPageAsync(prefix, delimiter: null, token, cancellationToken).ConfigureAwait(false);
            foreach (var obj in page.Objects)
            {
                yield return obj;
            }
            token = page.NextContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>Every common prefix one level below <paramref name="prefix"/> ('/' delimiter), across all pages.</summary>
    public static async IAsyncEnumerable<string> ListCommonPrefixesAsync(
        this ILake lake, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await lake.ListPageAsync(prefix, "/", token, cancellationToken).ConfigureAwait(false);
            foreach (var p in page.CommonPrefixes)
            {
                yield return p;
            }
            token = page.NextContinuationToken;
        }
        while (token is not null);
    }

    /// <summary>
    /// Reads a whole small object (manifests, claims) up to <paramref name="maxBytes"/>; a larger one fails with
    /// <see cref="LakeObjectTooLargeException"/> having held no more than the cap.
    /// </summary>
    public static Task<byte[]> ReadSmallAsync(this ILake lake, string key, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        return lake.ReadAllAsync(key, maxBytes, cancellationToken);
    }

    /// <summary>Reads <paramref name="stream"/> to its end into memory, failing as soon as it would hold more than <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]> ReadBoundedAsync(Stream stream, string key, long maxBytes, CancellationToken cancellationToken)
    {
        long? length = null;
        try
        {
            length = stream.CanSeek || stream is ReadOnlyStream ? stream.Length : null;
        }
        catch (NotSupportedException)
        {
            // A stream that cannot tell: the bounded read below decides.
        }
        if (length > maxBytes)
        {
            throw new LakeObjectTooLargeException(key, length.Value, maxBytes);
        }
        using var buffer = new MemoryStream(length is { } l and > 0 ? (int)l : 0);
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancellationToken)
            .ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new LakeObjectTooLargeException(key, buffer.Length + read, maxBytes);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
