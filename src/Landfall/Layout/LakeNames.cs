using System.Text;

namespace Landfall.Layout;

/// <summary>
/// Maps names found in a source (file names, remote paths) to lake key segments that stay inside their prefix and are
/// reversible: anything outside letters, digits and <c>-_.</c> is percent-encoded as UTF-8, and so are '.' and '..' segments.
/// A segment whose encoding would exceed <see cref="MaxSegmentBytes"/> (file systems stop at 255 bytes, S3 keys at 1,024) is
/// cut and suffixed with <c>~</c> and a hash of the original: still unique and safe, no longer reversible, so the original
/// name is recorded in the manifest's source_path. A literal '~' is always encoded, so only shortened segments hold one.
/// </summary>
internal static class LakeNames
{
    /// <summary>The longest encoded segment, in UTF-8 bytes.</summary>
    public const int MaxSegmentBytes = 200;

    /// <summary>Encodes a relative path ('/'-separated; empty segments dropped) into a safe key suffix.</summary>
    public static string EncodeRelativePath(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(EncodeSegment).ToList();
        if (segments.Count == 0)
        {
            throw new ArgumentException("A source name must not be empty.", nameof(relativePath));
        }
        return string.Join('/', segments);
    }

    /// <summary>Encodes one path segment.</summary>
    public static string EncodeSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment is "." or "..")
        {
            return segment.Replace(".", "%2E", StringComparison.Ordinal);
        }
        var sb = new StringBuilder(segment.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c is '-' or '_' or '.' || char.IsAsciiLetterOrDigit(c) || (c > 127 && char.IsLetterOrDigit(c)))
            {
                sb.Append(c);
                continue;
            }
            var length = char.IsHighSurrogate(c) && i + 1 < segment.Length && char.IsLowSurrogate(segment[i + 1])
                ? Encoding.UTF8.GetBytes(segment.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(segment.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return Shorten(sb.ToString(), segment);
    }

    private static string Shorten(string encoded, string original)
    {
        if (Encoding.UTF8.GetByteCount(encoded) <= MaxSegmentBytes)
        {
            return encoded;
        }
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(original)))[..16];
        var cut = 0;
        var bytes = 0;
        // Keep whole characters and whole %XX escapes, within the budget left for "~" and the hash.
        while (cut < encoded.Length)
        {
            var width = encoded[cut] == '%' ? 3 : char.IsHighSurrogate(encoded[cut]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(encoded.AsSpan(cut, Math.Min(width, encoded.Length - cut)));
            if (bytes + size > MaxSegmentBytes - 17)
            {
                break;
            }
            bytes += size;
            cut += width;
        }
        return encoded[..cut] + "~" + hash;
    }

    /// <summary>Reverses <see cref="EncodeRelativePath"/>.</summary>
    public static string Decode(string encoded) => Uri.UnescapeDataString(encoded);
}
