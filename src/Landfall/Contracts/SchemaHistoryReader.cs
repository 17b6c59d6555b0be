using System.Text.Json;
using Landfall.Ledger;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>
/// Reads a source's schema history from its manifests (read side: the ledger index is used where it covers them): the latest success of
/// every date in range, each entity's recorded schema, the runs of dates with one schema and the changes between them.
/// </summary>
internal sealed class SchemaHistoryReader(LedgerReader ledgers)
{
    public async Task<SchemaHistory> ReadAsync(SchemaRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ledger = await ledgers.ListAsync(request.Source, withIndex: true, cancellationToken).ConfigureAwait(false);
        var inRange = ledger.Dates.Where(kv => (request.From is not { } f || kv.Key >= f) && (request.To is not { } t || kv.Key <= t));
        var latest = await ledgers.LatestByDateAsync(ledger, inRange, cancellationToken).ConfigureAwait(false);
        var byEntity = new SortedDictionary<string, List<(DateOnly Date, string RunId, DataSchema Schema, EntityOutput Output)>>(StringComparer.Ordinal);
        foreach (var (date, read) in latest)
        {
            if (!read.IsSuccess || read.TryBind() is not { } manifest)
            {
                continue;
            }
            foreach (var (entity, output) in manifest.Outputs)
            {
                if ((request.Entity is null || request.Entity == entity) && EntitySchemaRecord.From(output).Schema is { } schema)
                {
                    if (!byEntity.TryGetValue(entity, out var list))
                    {
                        byEntity[entity] = list = [];
                    }
                    list.Add((date, read.RunId, schema, output));
                }
            }
        }
        var entities = new List<EntitySchemaHistory>();
        foreach (var (entity, dates) in byEntity)
        {
            var versions = new List<SchemaVersion>();
            var changes = new List<SchemaChange>();
            for (var i = 0; i < dates.Count; i++)
            {
                var (date, runId, schema, output) = dates[i];
                if (i > 0 && dates[i - 1].Schema.Fingerprint == schema.Fingerprint)
                {
                    var last = versions[^1];
                    versions[^1] = last with { To = date, Dates = last.Dates + 1 };
                    continue;
                }
                versions.Add(new SchemaVersion(schema.Fingerprint, schema.Format, date, date, 1, schema.Columns));
                if (i > 0)
                {
                    var previous = dates[i - 1];
                    var (mode, acceptedBy) = Evidence(output);
                    changes.Add(new SchemaChange(date, runId, schema.Fingerprint, previous.Date, previous.Schema.Fingerprint,
                        SchemaDiff.Between(previous.Schema, schema), mode, acceptedBy));
                }
            }
            entities.Add(new EntitySchemaHistory(entity, versions, changes));
        }
        return new SchemaHistory(request.Source, entities);
    }

    private static (string? Mode, string? AcceptedBy) Evidence(EntityOutput output)
    {
        if (output.Extra is null || !output.Extra.TryGetValue(SchemaCheck.Field, out var change) || change.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        var mode = change.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var by = change.TryGetProperty("accepted", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("by", out var b)
            && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
        return (mode, by);
    }
}
