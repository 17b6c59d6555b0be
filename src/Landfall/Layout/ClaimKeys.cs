using System.Globalization;

namespace Landfall.Layout;

/// <summary>
/// Keys of claim objects, beside the manifests: <c>_claims/source=S/ingest_date=D/{intent|ticket|heartbeat|released|holder}/...</c>.
/// Like manifests they are append-only: written once, never modified or deleted (a heartbeat is a new key each time).
/// </summary>
internal static class ClaimKeys
{
    public static string DatePrefix(string source, DateOnly date) => $"_claims/source={source}/ingest_date={ManifestKeys.FormatDate(date)}/";

    public static string Intent(string source, DateOnly date, string runId) => $"{DatePrefix(source, date)}intent/run_id={runId}.json";

    public static string Ticket(string source, DateOnly date, long number, string runId) =>
        $"{DatePrefix(source, date)}ticket/{number.ToString("D12", CultureInfo.InvariantCulture)}-run_id={runId}.json";

    /// <summary>The <paramref name="sequence"/>th renewal of a run's claim: <c>heartbeat/run_id=R/{sequence:D12}.json</c>.</summary>
    public static string Heartbeat(string source, DateOnly date, string runId, long sequence) =>
        $"{DatePrefix(source, date)}heartbeat/run_id={runId}/{sequence.ToString("D12", CultureInfo.InvariantCulture)}.json";

    /// <summary>
    /// The well-known claim of a (source, date) on a lake with atomic creates: generation 1 is the first claim, each takeover of an
    /// expired or finished claim creates the next (a created object is never overwritten or deleted).
    /// </summary>
    public static string Holder(string source, DateOnly date, long generation) =>
        $"{HolderPrefix(source, date)}{generation.ToString("D12", CultureInfo.InvariantCulture)}.json";

    public static string HolderPrefix(string source, DateOnly date) => $"{DatePrefix(source, date)}holder/";

    /// <summary>The generation of a holder key's name (after <see cref="HolderPrefix"/>), or null.</summary>
    public static long? HolderGeneration(string name) =>
        name.EndsWith(".json", StringComparison.Ordinal)
        && long.TryParse(name.AsSpan(0, name.Length - ".json".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g > 0
            ? g : null;

    public static string Released(string source, DateOnly date, string runId) => $"{DatePrefix(source, date)}released/run_id={runId}.json";

    /// <summary>Parses a key under the date prefix into its kind, run id and number (a ticket's, or a heartbeat's sequence).</summary>
    public static (string Kind, string RunId, long Number)? Parse(string keyUnderDate)
    {
        var slash = keyUnderDate.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !keyUnderDate.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }
        var kind = keyUnderDate[..slash];
        var name = keyUnderDate[(slash + 1)..^".json".Length];
        long number = 0;
        if (kind == "ticket")
        {
            var dash = name.IndexOf("-run_id=", StringComparison.Ordinal);
            if (dash < 0 || !long.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                return null;
            }
            name = name[(dash + 1)..];
        }
        else if (kind == "heartbeat")
        {
            var last = name.LastIndexOf('/');
            if (last < 0 || !long.TryParse(name[(last + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out number))
            {
                return null;
            }
            name = name[..last];
        }
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }
        return name.StartsWith("run_id=", StringComparison.Ordinal) && kind is "intent" or "ticket" or "heartbeat" or "released"
            ? (kind, name["run_id=".Length..], number)
            : null;
    }
}
