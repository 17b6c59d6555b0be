using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Landfall.Sources.Sftp;

/// <summary>Host key fingerprints as OpenSSH prints them: <c>SHA256:</c> and the unpadded base64 of the key blob's SHA-256.</summary>
internal static partial class HostKeyFingerprint
{
    public static string Of(byte[] hostKeyBlob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(hostKeyBlob)).TrimEnd('=');

    public static bool IsWellFormed(string text) => Pattern().IsMatch(text);

    /// <summary>Compares ignoring a trailing '=' a user may have pasted; base64 is case-sensitive, so the rest is exact.</summary>
    public static bool Matches(string pinned, string presented) =>
        string.Equals(pinned.Trim().TrimEnd('='), presented, StringComparison.Ordinal);

    [GeneratedRegex(@"^SHA256:[A-Za-z0-9+/]{43}=?$")]
    private static partial Regex Pattern();
}
