namespace Landfall.Sources;

/// <summary>
/// What one entity shows for one business date: the files or objects it would take (<see cref="Objects"/>), or the rows it would
/// read (<see cref="Rows"/>). Built by a source's observer from what it sees now, and by <see cref="IReconcilableSource.Recorded"/>
/// from what a manifest recorded.
/// </summary>
public sealed record EntityObservation
{
    /// <summary>The entity name.</summary>
    public required string Entity { get; init; }

    /// <summary>
    /// Where the entity's data is for the date (a directory, a prefix, the SHA-256 of the SQL), compared with what the manifest
    /// recorded so that a config change is told apart from a change at the source; null when unknown.
    /// </summary>
    public string? Location { get; init; }

    /// <summary>
    /// False when the entity's data is not specific to the date (a folder without a date token, a whole table or a query that uses
    /// none of the date parameters): a later look shows the source's current state, not late data for the date, so it is not compared.
    /// </summary>
    public bool DateScoped { get; init; } = true;

    /// <summary>The files or objects, for file-like kinds; null for tabular ones.</summary>
    public IReadOnlyList<ObservedObject>? Objects { get; init; }

    /// <summary>Row count and content fingerprint, for tabular kinds; null for file-like ones.</summary>
    public ObservedRows? Rows { get; init; }

    /// <summary>Why a re-ingest started now would fail although the source is readable (objects still within the quiet period); null when none.</summary>
    public string? NotReady { get; init; }
}

/// <summary>One file or object as a listing shows it.</summary>
/// <param name="SourcePath">Where it is in the source, exactly as manifests record <c>source_path</c> (full path, <c>s3://bucket/key</c>).</param>
/// <param name="Bytes">Size in bytes.</param>
/// <param name="ModifiedAt">Modification time, when the source gives one.</param>
public sealed record ObservedObject(string SourcePath, long Bytes, DateTimeOffset? ModifiedAt)
{
    /// <summary>The source's ETag as its listing gives it (S3), without quotes; null when the source has none.</summary>
    public string? ETag { get; init; }

    /// <summary>The source's version id (a versioned S3 bucket); null when none.</summary>
    public string? VersionId { get; init; }
}

/// <summary>Rows of a tabular entity.</summary>
/// <param name="Count">Row count.</param>
/// <param name="Fingerprint">A fingerprint of the rows' content computed by the source, or null when none is known.</param>
public sealed record ObservedRows(long Count, ContentFingerprint? Fingerprint);

/// <summary>An order-independent fingerprint of a set of rows.</summary>
/// <param name="Algorithm">How it was computed (for PostgreSQL <c>sum_hash_record</c> or <c>sum_hash_text</c>); only equal algorithms compare.</param>
/// <param name="Value">The value, as text.</param>
public sealed record ContentFingerprint(string Algorithm, string Value)
{
    /// <inheritdoc />
    public override string ToString() => $"{Algorithm}:{Value}";
}
