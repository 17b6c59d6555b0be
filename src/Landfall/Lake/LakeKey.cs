namespace Landfall.Lake;

/// <summary>Checks that a key is safe in every lake: relative, no '..', no backslash, no control characters.</summary>
internal static class LakeKey
{
    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="key"/> could escape its prefix or the lake root.</summary>
    public static void Validate(string key, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            if (allowEmpty)
            {
                return;
            }
            throw new ArgumentException("A lake key cannot be empty.", nameof(key));
        }
        if (key.StartsWith('/') || key.Contains('\\') || key.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Lake key '{key}' must be relative, use '/' separators and have no empty segment.", nameof(key));
        }
        foreach (var c in key)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"Lake key '{Printable(key)}' contains a control character.", nameof(key));
            }
        }
        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"Lake key '{key}' contains a '{segment}' segment.", nameof(key));
            }
        }
    }

    /// <summary>The key with control characters escaped, for messages.</summary>
    public static string Printable(string key) =>
        string.Concat(key.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
