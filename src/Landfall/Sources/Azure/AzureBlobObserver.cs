namespace Landfall.Sources.Azure;

/// <summary>
/// Observes an azure_blob source: each entity's prefix listed for the date as a run lists it (names, sizes, ETags, and version ids on
/// an account with versioning), no blob read.
/// </summary>
internal sealed class AzureBlobObserver(AzureBlobSource source, AzureBlobClient client, SourceObserveContext context) : ISourceObserver
{
    public async Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        var minAge = source.Settings.Readiness.MinAge ?? TimeSpan.Zero;
        foreach (var entity in source.EntityDefinitions)
        {
            var prefix = entity.Prefix.Render(date);
            var (blobs, _) = await client.ListAsync(entity, prefix, marker: null, cancellationToken).ConfigureAwait(false);
            var now = context.Time.GetUtcNow();
            var unsettled = minAge > TimeSpan.Zero ? blobs.Count(o => o.LastModified > now - minAge) : 0;
            var location = AzureBlobSource.Location(entity.Container, prefix);
            observed.Add(new EntityObservation
            {
                Entity = entity.Name,
                Location = location,
                DateScoped = Observations.DateScoped(entity.Prefix, date),
                Objects = blobs.Select(o => new ObservedObject(client.PathOf(o.Container, o.Name), o.Size, o.LastModified)
                {
                    ETag = o.ETag,
                    VersionId = o.VersionId,
                }).ToList(),
                NotReady = unsettled == 0 ? entity.NotReadyWhenEmpty(blobs.Count, "blob", $"in '{location}'")
                    : $"file_not_settled: {unsettled} blob(s) in '{location}' were modified within min_age ({minAge}); a re-ingest now " +
                      "would not take them, a later reconcile re-ingests",
            });
        }
        return observed;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
