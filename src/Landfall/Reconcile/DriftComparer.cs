using Landfall.Sources;

namespace Landfall.Reconcile;

/// <summary>
/// Compares what a source shows now with what a manifest recorded, in the terms both were put in (<see cref="EntityObservation"/>).
/// Files and objects are matched by source path; a fact is compared only where both sides have it.
/// </summary>
internal static class DriftComparer
{
    public const string Objects = "objects";
    public const string RowsAndFingerprint = "rows_and_fingerprint";
    public const string RowsOnly = "rows";
    public const string NotDateScoped = "not_date_scoped";
    public const string NotInManifest = "not_in_manifest";

    public static DriftFindings Compare(IReadOnlyDictionary<string, EntityObservation> recorded, IReadOnlyList<EntityObservation> observed)
    {
        var entities = new List<EntityComparison>();
        var changes = new List<DriftChange>();
        var notes = new List<string>();
        var notReady = new List<string>();
        foreach (var now in observed)
        {
            var name = now.Entity;
            if (!now.DateScoped)
            {
                entities.Add(new EntityComparison(name, NotDateScoped, null, null));
                notes.Add($"entity '{name}' is not compared: its data is not specific to the date (a folder or prefix without a day in it, " +
                    "or SQL without @ingest_date, @window_start or @window_end), so the source shows its current state, not late data " +
                    "for this date");
                continue;
            }
            if (now.NotReady is { } why)
            {
                notReady.Add($"{name}: {why}");
            }
            var known = recorded.TryGetValue(name, out var then);
            if (!known)
            {
                notes.Add($"entity '{name}' has no block in the manifest (added to the config after this date was ingested?); " +
                    "everything it shows counts as added");
            }
            else if (then!.Location is { } was && now.Location is { } @is && was != @is)
            {
                notes.Add($"entity '{name}' reads from '{@is}' now but read from '{was}' at ingest: the config changed, so the drift " +
                    "below may come from the config rather than the source");
            }
            if (now.Objects is { } objects)
            {
                var before = then?.Objects ?? [];
                CompareObjects(name, before, objects, changes);
                entities.Add(new EntityComparison(name, known ? Objects : NotInManifest, known ? before.Count : null, objects.Count));
            }
            else if (now.Rows is { } rows)
            {
                entities.Add(CompareRows(name, then?.Rows, rows, known, changes, notes));
            }
        }
        foreach (var name in recorded.Keys.Where(k => observed.All(o => o.Entity != k)))
        {
            notes.Add($"entity '{name}' is in the manifest but no longer in the config; not compared");
        }
        return new DriftFindings(entities, changes, notes, notReady);
    }

    private static void CompareObjects(string entity, IReadOnlyList<ObservedObject> before, IReadOnlyList<ObservedObject> after,
        List<DriftChange> changes)
    {
        var then = new Dictionary<string, ObservedObject>(StringComparer.Ordinal);
        foreach (var o in before)
        {
            then[o.SourcePath] = o;
        }
        var now = new Dictionary<string, ObservedObject>(StringComparer.Ordinal);
        foreach (var o in after)
        {
            now[o.SourcePath] = o;
        }
        foreach (var o in after.Where(o => !then.ContainsKey(o.SourcePath)))
        {
            changes.Add(new DriftChange(entity, DriftChangeKind.Added, o.SourcePath, [], null, Facts(o)));
        }
        foreach (var o in after)
        {
            if (then.TryGetValue(o.SourcePath, out var was) && Differences(was, o) is { Count: > 0 } fields)
            {
                changes.Add(new DriftChange(entity, DriftChangeKind.Changed, o.SourcePath, fields, Facts(was), Facts(o)));
            }
        }
        foreach (var o in before.Where(o => !now.ContainsKey(o.SourcePath)))
        {
            changes.Add(new DriftChange(entity, DriftChangeKind.Removed, o.SourcePath, [], Facts(o), null));
        }
    }

    /// <summary>
    /// The facts that differ; each compared only where both sides have it (times to the microsecond, as manifests keep them). Where
    /// the source gives a content tag (an ETag), it decides instead of the time: an object written again with the same bytes is not
    /// drift (on a versioned bucket it is a new version, which is).
    /// </summary>
    private static List<DriftField> Differences(ObservedObject was, ObservedObject @is)
    {
        var fields = new List<DriftField>();
        if (was.Bytes != @is.Bytes)
        {
            fields.Add(DriftField.Bytes);
        }
        if ((was.ETag is null || @is.ETag is null) && was.ModifiedAt is { } t0 && @is.ModifiedAt is { } t1 && Microseconds(t0) != Microseconds(t1))
        {
            fields.Add(DriftField.ModifiedAt);
        }
        if (was.ETag is { } e0 && @is.ETag is { } e1 && !string.Equals(e0, e1, StringComparison.OrdinalIgnoreCase))
        {
            fields.Add(DriftField.Etag);
        }
        if (was.VersionId is { } v0 && @is.VersionId is { } v1 && v0 != v1)
        {
            fields.Add(DriftField.VersionId);
        }
        return fields;
    }

    private static EntityComparison CompareRows(string entity, ObservedRows? then, ObservedRows now, bool known, List<DriftChange> changes,
        List<string> notes)
    {
        if (then is null)
        {
            if (known)
            {
                notes.Add($"entity '{entity}': the manifest records no row count; nothing to compare");
                return new EntityComparison(entity, RowsOnly, null, now.Count);
            }
            changes.Add(new DriftChange(entity, DriftChangeKind.RowsChanged, null, [DriftField.Rows], null, Facts(now)));
            return new EntityComparison(entity, NotInManifest, null, now.Count);
        }
        var fingerprinted = then.Fingerprint is { } f0 && now.Fingerprint is { } f1 && f0.Algorithm == f1.Algorithm;
        if (then.Fingerprint is null)
        {
            notes.Add($"entity '{entity}' compared by row count only: the manifest has no content fingerprint (ingested before Landfall " +
                "recorded one)");
        }
        else if (!fingerprinted)
        {
            notes.Add($"entity '{entity}' compared by row count only: its content fingerprint ({then.Fingerprint.Algorithm}) could not be " +
                "computed for the rows as they are now");
        }
        if (then.Count != now.Count)
        {
            changes.Add(new DriftChange(entity, DriftChangeKind.RowsChanged, null,
                fingerprinted && then.Fingerprint!.Value != now.Fingerprint!.Value ? [DriftField.Rows, DriftField.Fingerprint] : [DriftField.Rows], Facts(then), Facts(now)));
        }
        else if (fingerprinted && then.Fingerprint!.Value != now.Fingerprint!.Value)
        {
            changes.Add(new DriftChange(entity, DriftChangeKind.ContentChanged, null, [DriftField.Fingerprint], Facts(then), Facts(now)));
        }
        return new EntityComparison(entity, fingerprinted ? RowsAndFingerprint : RowsOnly, then.Count, now.Count);
    }

    private static SourceFacts Facts(ObservedObject o) => new(o.Bytes, o.ModifiedAt, o.ETag, o.VersionId);

    private static SourceFacts Facts(ObservedRows r) => new(Rows: r.Count, Fingerprint: r.Fingerprint?.ToString());

    private static long Microseconds(DateTimeOffset t) => t.UtcTicks / 10;
}
