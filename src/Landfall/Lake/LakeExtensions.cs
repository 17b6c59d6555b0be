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

    /// <summary>Reads a whole small object (manifests) up to <paramref name="maxBytes"/>; larger objects fail.</summary>
    public static async Task<byte[]> ReadSmallAsync(this ILake lake, string key, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await lake.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new LakeException($"Object '{key}' is larger than {maxBytes} bytes; refusing to read it whole.");
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
    }
}
