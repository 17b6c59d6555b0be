namespace Landfall.Sources.S3;

/// <summary>
/// Observes an s3 source: each entity's prefix listed for the date as a run lists it (keys, sizes, ETags, and version ids on a
/// versioned bucket), no object read.
/// </summary>
internal sealed class S3Observer(S3Source source, S3SourceClient client, SourceObserveContext context) : ISourceObserver
{
    public async Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        var quiet = source.Settings.QuietPeriod;
        foreach (var entity in source.EntityDefinitions)
        {
            var prefix = entity.Prefix.Render(date);
            var objects = await client.ListAsync(entity, prefix, cancellationToken).ConfigureAwait(false);
            var now = context.Time.GetUtcNow();
            var unsettled = quiet > TimeSpan.Zero ? objects.Count(o => o.LastModified > now - quiet) : 0;
            observed.Add(new EntityObservation
            {
                Entity = entity.Name,
                Location = S3Source.Location(entity.Bucket, prefix),
                DateScoped = Observations.DateScoped(entity.Prefix, date),
                Objects = objects.Select(o => new ObservedObject($"s3://{o.Bucket}/{o.Key}", o.Size, o.LastModified)
                {
                    ETag = o.ETag,
                    VersionId = o.VersionId,
                }).ToList(),
                NotReady = unsettled == 0 ? entity.NotReadyWhenEmpty(objects.Count, "object", $"under '{S3Source.Location(entity.Bucket, prefix)}'")
                    : $"file_not_settled: {unsettled} object(s) under '{S3Source.Location(entity.Bucket, prefix)}' were modified within " +
                      $"min_age ({quiet}); a re-ingest now would not take them, a later reconcile re-ingests",
            });
        }
        return observed;
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}
