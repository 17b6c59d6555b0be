namespace Landfall.Layout;

/// <summary>Where a run's data lands: <c>bronze/source={source}/entity={entity}/ingest_date={date}/run_id={run_id}/</c>.</summary>
public static class BronzeKeys
{
    /// <summary>The run-namespaced prefix of an entity, so a failed run's data never mixes with a successful one's.</summary>
    public static string EntityPrefix(string source, string entity, DateOnly date, string runId) =>
        $"bronze/source={source}/entity={entity}/ingest_date={ManifestKeys.FormatDate(date)}/run_id={runId}/";

    /// <summary>
    /// The prefix of an entity in one extraction attempt of a run: the run's own for the first, <c>attempt={n}/</c> under it for a
    /// retry within the run, so that a retry never meets the objects a broken attempt left.
    /// </summary>
    public static string AttemptPrefix(string source, string entity, DateOnly date, string runId, int attempt) =>
        EntityPrefix(source, entity, date, runId) + (attempt > 1 ? $"attempt={attempt}/" : "");

    /// <summary>
    /// Whether <paramref name="key"/> lies under the bronze prefix of the run <paramref name="runId"/> of (<paramref name="source"/>,
    /// <paramref name="date"/>), in any entity: where every object a Landfall manifest names must be. Another source's, date's or
    /// run's object (right size, right SHA-256) is not this run's data.
    /// </summary>
    public static bool IsUnderRun(string key, string source, DateOnly date, string runId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var head = $"bronze/source={source}/entity=";
        if (!key.StartsWith(head, StringComparison.Ordinal))
        {
            return false;
        }
        var entityEnd = key.IndexOf('/', head.Length);
        if (entityEnd <= head.Length)
        {
            return false;
        }
        var run = $"/ingest_date={ManifestKeys.FormatDate(date)}/run_id={runId}/";
        return string.CompareOrdinal(key, entityEnd, run, 0, run.Length) == 0 && key.Length > entityEnd + run.Length;
    }
}
