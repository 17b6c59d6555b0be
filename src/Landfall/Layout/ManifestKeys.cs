using System.Globalization;
using System.Text.RegularExpressions;

namespace Landfall.Layout;

/// <summary>The key layout shared with the seed: <c>_manifests/source={source}/ingest_date={date}/run_id={run_id}.json</c>.</summary>
public static partial class ManifestKeys
{
    /// <summary>The top-level folder of every manifest.</summary>
    public const string Root = "_manifests/";

    /// <summary>The prefix holding every date of a source.</summary>
    public static string SourcePrefix(string source) => $"{Root}source={source}/";

    /// <summary>The prefix holding every manifest of a source and date.</summary>
    public static string DatePrefix(string source, DateOnly date) => $"{SourcePrefix(source)}ingest_date={FormatDate(date)}/";

    /// <summary>The key of a run's manifest.</summary>
    public static string Key(string source, DateOnly date, string runId) => $"{DatePrefix(source, date)}run_id={runId}.json";

    /// <summary>The business date of a common prefix such as <c>.../ingest_date=2026-01-02/</c>, as the seed's regex reads it.</summary>
    public static DateOnly? DateOfPrefix(string prefix)
    {
        var m = DatePattern().Match(prefix);
        return m.Success && DateOnly.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;
    }

    /// <summary>Whether the key's file name is <c>run_id=R.json</c>, as Landfall and the seed write them.</summary>
    public static bool IsManifestName(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key[(key.LastIndexOf('/') + 1)..];
        return name.Length > "run_id=.json".Length && name.StartsWith("run_id=", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal);
    }

    /// <summary>The run id in a manifest key, or the key's file name when it does not follow the layout.</summary>
    public static string RunIdOfKey(string key)
    {
        var name = key[(key.LastIndexOf('/') + 1)..];
        if (name.StartsWith("run_id=", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
        {
            return name["run_id=".Length..^".json".Length];
        }
        return name;
    }

    /// <summary>Parses an ISO date as keys and manifests write it; null when <paramref name="text"/> is not one.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>ISO date, as in keys and manifests.</summary>
    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"ingest_date=(\d{4}-\d{2}-\d{2})")]
    private static partial Regex DatePattern();
}
