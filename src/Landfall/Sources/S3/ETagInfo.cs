using System.Globalization;

namespace Landfall.Sources.S3;

/// <summary>
/// S3's ETag rules: an object uploaded in one piece (without SSE-KMS) has the hex MD5 of its bytes as ETag; a multipart upload has
/// the MD5 of the parts' MD5s followed by <c>-N</c>, N being the number of parts. Only two plain MD5 ETags compare byte content.
/// </summary>
/// <param name="Kind"><c>md5</c> or <c>multipart</c> (or <c>other</c> for a shape neither rule produces).</param>
/// <param name="Parts">The number of parts of a multipart ETag.</param>
internal sealed record ETagInfo(string Kind, int? Parts)
{
    public const string Md5 = "md5";
    public const string Multipart = "multipart";
    public const string Other = "other";

    public static ETagInfo Parse(string etag)
    {
        ArgumentNullException.ThrowIfNull(etag);
        var dash = etag.LastIndexOf('-');
        if (dash > 0 && int.TryParse(etag.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parts) && parts > 0)
        {
            return new ETagInfo(Multipart, parts);
        }
        return etag.Length == 32 && etag.All(char.IsAsciiHexDigit) ? new ETagInfo(Md5, null) : new ETagInfo(Other, null);
    }
}
