using System.Text.Json;
using Landfall.Lake;

namespace Landfall.Manifests;

/// <summary>Reads manifests without ever trusting them: anything malformed is reported, never thrown.</summary>
internal static class ManifestParser
{
    /// <summary>The default of schedule.max_manifest_mib: larger manifests are not read (manifest_too_large).</summary>
    public const long DefaultMaxManifestBytes = 64L * 1024 * 1024;

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
        // Python's json keeps the last duplicate: an ambiguous status must never read as success, so Landfall is stricter.
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// Reads and classifies the manifest at <paramref name="info"/>, holding no more than <paramref name="maxBytes"/> of it: an object the
    /// listing shows larger is not even opened, and a read stops as soon as it passes the cap. Nothing a read can meet is thrown but
    /// the caller's cancellation: a lake error, a connection reset midway (IOException) or a stall fail open as manifest_read_failed.
    /// </summary>
    public static async Task<ManifestRead> ReadAsync(ILake lake, LakeObjectInfo info, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(info);
        if (info.Size > maxBytes)
        {
            return TooLarge(info, info.Size, maxBytes);
        }
        byte[] body;
        try
        {
            body = await lake.ReadSmallAsync(info.Key, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (LakeObjectTooLargeException e)
        {
            return TooLarge(info, e.Size, maxBytes);
        }
        catch (Exception e) when (e is LandfallException or IOException or HttpRequestException or TimeoutException or UnauthorizedAccessException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new ManifestRead(info, ManifestReadOutcome.ReadFailed, null, e.Message);
        }
        return Parse(info, body);
    }

    /// <summary>An object too large to be a manifest: not read, and not success.</summary>
    public static ManifestRead TooLarge(LakeObjectInfo info, long size, long maxBytes) => new(info, ManifestReadOutcome.TooLarge, null,
        $"{size.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes or more, above schedule.max_manifest_mib " +
        $"({(maxBytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture)} MiB); it was not read");

    /// <summary>Classifies manifest bytes.</summary>
    public static ManifestRead Parse(LakeObjectInfo info, ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
        {
            // Stricter than the seed (json.loads on bytes accepts a BOM): a manifest written by neither writer fails open.
            return new ManifestRead(info, ManifestReadOutcome.DecodeFailed, null, "starts with a UTF-8 byte-order mark");
        }
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            // JsonDocument validates UTF-8 lazily, inside strings: reject it whole, up front, so no accessor can throw later.
            return new ManifestRead(info, ManifestReadOutcome.DecodeFailed, null, "not valid UTF-8");
        }
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body, Strict);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return new ManifestRead(info, ManifestReadOutcome.DecodeFailed, null, e.Message);
        }
        catch (ArgumentException e)
        {
            return new ManifestRead(info, ManifestReadOutcome.DecodeFailed, null, e.Message);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ManifestRead(info, ManifestReadOutcome.NotObject, root, $"the document is a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
        }
        if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
        {
            return new ManifestRead(info, ManifestReadOutcome.StatusInvalid, root, "status is missing or not a string");
        }
        return new ManifestRead(info, ManifestReadOutcome.Ok, root, null);
    }
}
