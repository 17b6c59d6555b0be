using Landfall.Manifests;
using Npgsql;

namespace Landfall.Sources.Postgres;

/// <summary>
/// Observes a postgres source in one REPEATABLE READ READ ONLY snapshot: for each date-scoped entity, the row count and, when the
/// manifest recorded one, the content fingerprint with the same algorithm, computed by the server over the same SQL and date
/// parameters. No row leaves the server.
/// </summary>
internal sealed class PostgresObserver(PostgresSource source, PostgresSession session) : ISourceObserver
{
    public async Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        foreach (var entity in source.EntityDefinitions)
        {
            if (!entity.DateScoped)
            {
                observed.Add(new EntityObservation { Entity = entity.Name, Location = entity.SqlSha256, DateScoped = false });
                continue;
            }
            var algorithm = recorded.TryGetValue(entity.Name, out var r) ? r.Rows?.Fingerprint?.Algorithm : null;
            try
            {
                var (count, fingerprint) = await RowFingerprint.CountAsync(session, entity, date, algorithm, fallBack: false, cancellationToken)
                    .ConfigureAwait(false);
                observed.Add(new EntityObservation
                {
                    Entity = entity.Name,
                    Location = entity.SqlSha256,
                    Rows = new ObservedRows(count, fingerprint),
                });
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                throw PostgresErrors.Read(ex, source.Settings, entity.Name);
            }
        }
        return observed;
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();

    /// <summary>A manifest's entity block as an observation: rows_counted (else the totals' rows) and the recorded fingerprint.</summary>
    public static EntityObservation Recorded(string entity, EntityOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long? rows = output.Extra is { } extra && extra.TryGetValue("rows_counted", out var counted)
            && counted.ValueKind == System.Text.Json.JsonValueKind.Number && counted.TryGetInt64(out var n)
            ? n
            : output.Totals.Rows;
        return new EntityObservation
        {
            Entity = entity,
            Location = Observations.Fact(output.Extra, "sql_sha256"),
            Rows = rows is { } count ? new ObservedRows(count, RowFingerprint.FromFact(output.Extra)) : null,
        };
    }
}
