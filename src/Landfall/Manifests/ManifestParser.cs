using System.Text.Json;
using Landfall.Lake;

namespace Landfall.Manifests;

/// <summary>Reads manifests without ever trusting them: anything malformed is reported, never thrown.</summary>
internal static class ManifestParser
{
    /// <summary>Manifests larger than this are not read whole (they count as unreadable).</summary>
    public const long MaxManifestBytes = 256L * 1024 * 1024;

    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
        // Python's json keeps the last duplicate: an ambiguous status must never read as success, so Landfall is stricter.
        AllowDuplicateProperties = false,
    };

    /// <summary>Reads and classifies the manifest at <paramref name="info"/>.</summary>
    public static async Task<ManifestRead> ReadAsync(ILake lake, LakeObjectInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lake);
        ArgumentNullException.ThrowIfNull(info);
        byte[] body;
        try
        {
            body = await lake.ReadSmallAsync(info.Key, MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (LandfallException e)
        {
            return new ManifestRead(info, ManifestReadOutcome.ReadFailed, null, e.Message);
        }
        return Parse(info, body);
    }

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
