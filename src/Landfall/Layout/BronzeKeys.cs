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
}
