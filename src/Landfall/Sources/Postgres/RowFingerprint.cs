using System.Text.Json;
using Landfall.Manifests;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>
/// The row count and content fingerprint of an entity's rows, computed by the server in one statement of the session's snapshot
/// (the same SQL and parameters as the extraction): what a run records and what reconcile compares with later.
/// </summary>
/// <remarks>
/// The fingerprint is the sum, as an exact numeric, of a 64-bit hash of every row: independent of row order, changed by any
/// update, insert or delete (short of a collision of 64-bit sums), and cheap: no sort, no row leaves the server. The hash is
/// <c>hash_record_extended(row, 0)</c> (PostgreSQL 14 and later: each column's own extended hash function, no text rendering;
/// measured about 3.5 times cheaper than the text form on the benchmark table). Columns whose type has no hash function (json,
/// the geometric types) make it fail with 42883; the run then falls back to <c>hashtextextended(row::text, 0)</c>, the hash of the
/// row's text form under the session's fixed settings (UTC, ISO dates, exact floats), which works for every type (PostgreSQL 11
/// and later). Older servers record the count alone. Both functions are the ones hash partitioning relies on, so they are stable
/// across platforms and upgrades. The algorithm is recorded with the value, and reconcile recomputes the same one.
/// </remarks>
internal static class RowFingerprint
{
    /// <summary>The entity fact the fingerprint is recorded under.</summary>
    public const string Fact = "content_fingerprint";

    /// <summary>Sum of <c>hash_record_extended(row, 0)</c>.</summary>
    public const string SumHashRecord = "sum_hash_record";

    /// <summary>Sum of <c>hashtextextended(row::text, 0)</c>.</summary>
    public const string SumHashText = "sum_hash_text";

    /// <summary>The cheapest algorithm the server has, or null for a server too old for either.</summary>
    public static string? Best(int serverVersionNumber) =>
        serverVersionNumber >= 140000 ? SumHashRecord : serverVersionNumber >= 110000 ? SumHashText : null;

    /// <summary>
    /// Counts the rows of <paramref name="entity"/> for <paramref name="date"/> and fingerprints them with <paramref name="algorithm"/>
    /// (none when null) in one statement. When the algorithm cannot be computed for this result (a column type without a hash function,
    /// a server without the function), a run (<paramref name="fallBack"/>) tries the text form, and gives the count alone after that;
    /// errors of the SQL itself propagate as they did for a plain count.
    /// </summary>
    public static async Task<(long Count, ContentFingerprint? Fingerprint)> CountAsync(PostgresSession session, PostgresEntity entity,
        DateOnly date, string? algorithm, bool fallBack, CancellationToken cancellationToken)
    {
        var attempts = new List<string>();
        if (algorithm is SumHashRecord or SumHashText)
        {
            attempts.Add(algorithm);
            if (fallBack && algorithm == SumHashRecord)
            {
                attempts.Add(SumHashText);
            }
        }
        foreach (var attempt in attempts)
        {
            // A failed statement aborts the transaction; the savepoint keeps the snapshot usable for the fallback and the extraction.
            var command = session.Command(
                $"SAVEPOINT landfall_fingerprint; SELECT count(*), {Expression(attempt)} FROM ({entity.Sql}\n) AS {PostgresSession.Alias}", date);
            await using (command.ConfigureAwait(false))
            {
                try
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        return (reader.GetInt64(0), new ContentFingerprint(attempt, reader.GetString(1)));
                    }
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedFunction)
                {
                    var context = session.Context;
                    PostgresLog.FingerprintUnavailable(context.Logger, context.Source, entity.Name, attempt, e.MessageText);
                }
            }
            var rollback = session.Command("ROLLBACK TO SAVEPOINT landfall_fingerprint");
            await using (rollback.ConfigureAwait(false))
            {
                await rollback.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        var count = session.Command($"SELECT count(*) FROM ({entity.Sql}\n) AS {PostgresSession.Alias}", date);
        await using (count.ConfigureAwait(false))
        {
            return ((long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, null);
        }
    }

    /// <summary>The fingerprint as a manifest fact: <c>{"algorithm": "...", "value": "..."}</c>.</summary>
    public static JsonElement ToFact(ContentFingerprint fingerprint) =>
        ManifestFormat.Fact(new Dictionary<string, string> { ["algorithm"] = fingerprint.Algorithm, ["value"] = fingerprint.Value });

    /// <summary>The fingerprint a manifest's entity block recorded, or null (a manifest written before fingerprints were recorded).</summary>
    public static ContentFingerprint? FromFact(Dictionary<string, JsonElement>? extra) =>
        extra is not null && extra.TryGetValue(Fact, out var fact) && fact.ValueKind == JsonValueKind.Object
            && fact.TryGetProperty("algorithm", out var a) && a.ValueKind == JsonValueKind.String
            && fact.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String
            ? new ContentFingerprint(a.GetString()!, v.GetString()!)
            : null;

    private static string Expression(string algorithm) => algorithm switch
    {
        SumHashRecord => $"coalesce(sum(hash_record_extended({PostgresSession.Alias}, 0)), 0)::text",
        _ => $"coalesce(sum(hashtextextended({PostgresSession.Alias}::text, 0)), 0)::text",
    };
}
