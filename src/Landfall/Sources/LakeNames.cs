using System.Text;

namespace Landfall.Sources;

/// <summary>
/// Maps names found in a source (file names, remote paths) to lake key segments that stay inside their prefix and are
/// reversible: anything outside letters, digits and <c>-_.</c> is percent-encoded as UTF-8, and so are '.' and '..' segments.
/// </summary>
public static class LakeNames
{
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
        return sb.ToString();
    }

    /// <summary>Reverses <see cref="EncodeRelativePath"/>.</summary>
    public static string Decode(string encoded) => Uri.UnescapeDataString(encoded);
}
