namespace Landfall.Contracts;

/// <summary>What <see cref="Hosting.LandfallHost.SchemaAsync"/> reads: one source's schema history, optionally one entity and a range.</summary>
public sealed record SchemaRequest
{
    /// <summary>The source (configured, or with manifests in the lake).</summary>
    public required string Source { get; init; }

    /// <summary>Only this entity; every entity that recorded a schema when null.</summary>
    public string? Entity { get; init; }

    /// <summary>First business date read; the source's first when null.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last business date read; the newest when null.</summary>
    public DateOnly? To { get; init; }
}

/// <summary>A source's schema history: per entity, its schemas over time and the dates they changed.</summary>
/// <param name="Source">The source.</param>
/// <param name="Entities">Per entity that recorded a schema in the range, in name order.</param>
public sealed record SchemaHistory(string Source, IReadOnlyList<EntitySchemaHistory> Entities);

/// <summary>One entity's schemas over time.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Versions">Each run of dates with one schema, oldest first (a schema that comes back is a new version).</param>
/// <param name="Changes">Each date whose schema differs from the one before it, with the difference.</param>
public sealed record EntitySchemaHistory(string Entity, IReadOnlyList<SchemaVersion> Versions, IReadOnlyList<SchemaChange> Changes);

/// <summary>A schema an entity had over consecutive successful dates.</summary>
/// <param name="Fingerprint">Its SHA-256 fingerprint.</param>
/// <param name="Format">postgres, csv, jsonl or parquet.</param>
/// <param name="From">The first date with it.</param>
/// <param name="To">The last date with it.</param>
/// <param name="Dates">Successful dates with it.</param>
/// <param name="Columns">Its columns.</param>
public sealed record SchemaVersion(string Fingerprint, string Format, DateOnly From, DateOnly To, int Dates, IReadOnlyList<SchemaColumn> Columns);

/// <summary>A date whose schema differs from that of the successful date before it.</summary>
/// <param name="Date">The date.</param>
/// <param name="RunId">The run of its latest success.</param>
/// <param name="Fingerprint">Its schema's fingerprint.</param>
/// <param name="PreviousDate">The successful date compared with.</param>
/// <param name="PreviousFingerprint">That date's fingerprint.</param>
/// <param name="Diff">What changed.</param>
/// <param name="Mode">The schema mode the run recorded (evolve, warn, freeze); null for manifests without the evidence.</param>
/// <param name="AcceptedBy">Who accepted the change, when it was accepted.</param>
public sealed record SchemaChange(DateOnly Date, string RunId, string Fingerprint, DateOnly PreviousDate, string PreviousFingerprint, SchemaDiff Diff,
    string? Mode, string? AcceptedBy);
