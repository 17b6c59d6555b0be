using Landfall.Layout;

namespace Landfall.Manifests;

/// <summary>
/// Where the objects of a manifest must live: under its own source, date and run in bronze (<see cref="BronzeKeys.IsUnderRun"/>).
/// Checked for manifests Landfall wrote (they carry <c>landfall_version</c>); a manifest written by the seed's Python code uses
/// that code's own key layout, which Landfall does not know, so its objects are not judged by this rule.
/// </summary>
internal static class RunPrefixCheck
{
    /// <summary>The stable name of the finding.</summary>
    public const string Reason = "object_outside_run_prefix";

    /// <summary>Whether the rule applies to <paramref name="read"/> (written by Landfall).</summary>
    public static bool Applies(ManifestRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.GetString("landfall_version") is not null;
    }

    /// <summary>
    /// The run id objects must be under: the key's (the append-only namespace), or the document's when the key is outside the layout.
    /// </summary>
    public static string RunIdOf(ManifestRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return read.IsManifestKey ? ManifestKeys.RunIdOfKey(read.Key) : read.RunId;
    }

    /// <summary>Whether <paramref name="key"/>, named by <paramref name="read"/> of (<paramref name="source"/>, <paramref name="date"/>), is out of place.</summary>
    public static bool IsOutside(ManifestRead read, string source, DateOnly date, string key) =>
        Applies(read) && !BronzeKeys.IsUnderRun(key, source, date, RunIdOf(read));

    /// <summary>The prefix the objects must be under, for messages.</summary>
    public static string Expected(ManifestRead read, string source, DateOnly date) =>
        $"bronze/source={source}/entity=*/ingest_date={ManifestKeys.FormatDate(date)}/run_id={RunIdOf(read)}/";
}
