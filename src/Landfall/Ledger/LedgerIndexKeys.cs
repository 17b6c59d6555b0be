namespace Landfall.Ledger;

/// <summary>
/// The layout of the ledger index: <c>_index/source={source}/index_id={id}.json.gz</c>. A root of its own, beside
/// <c>_manifests/</c> and <c>_claims/</c>, so an index object never looks like a source or a manifest, and no manifest listing sees it.
/// </summary>
internal static class LedgerIndexKeys
{
    /// <summary>The top-level folder of every index object.</summary>
    public const string Root = "_index/";

    private const string NamePrefix = "index_id=";
    private const string NameSuffix = ".json.gz";

    /// <summary>The prefix holding every index object of a source.</summary>
    public static string SourcePrefix(string source) => $"{Root}source={source}/";

    /// <summary>The key of a new index object (a fresh, time-ordered id: never an existing key).</summary>
    public static string Key(string source, string indexId) => $"{SourcePrefix(source)}{NamePrefix}{indexId}{NameSuffix}";

    /// <summary>Whether <paramref name="key"/> is an index object directly under <paramref name="source"/>'s prefix.</summary>
    public static bool IsIndexKey(string source, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var prefix = SourcePrefix(source);
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var name = key[prefix.Length..];
        return !name.Contains('/', StringComparison.Ordinal) && name.Length > NamePrefix.Length + NameSuffix.Length
            && name.StartsWith(NamePrefix, StringComparison.Ordinal) && name.EndsWith(NameSuffix, StringComparison.Ordinal);
    }
}
