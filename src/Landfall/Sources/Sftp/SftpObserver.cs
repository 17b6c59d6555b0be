namespace Landfall.Sources.Sftp;

/// <summary>
/// Observes an sftp source over one connection: each entity's folder listed once per date (names, sizes, modification times), no
/// file opened, no settle wait (an observation only compares; a re-ingest goes through the run's settle checks).
/// </summary>
internal sealed class SftpObserver(SftpSource source, SftpConnection connection, SourceObserveContext context) : ISourceObserver
{
    public async Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        foreach (var entity in source.EntityDefinitions)
        {
            var folder = await connection.AbsoluteAsync(entity.Directory.Render(date), cancellationToken).ConfigureAwait(false);
            var listing = await SftpListing.TakeAsync(connection, entity, source.Marker, folder, context.Time, cancellationToken)
                .ConfigureAwait(false);
            observed.Add(new EntityObservation
            {
                Entity = entity.Name,
                Location = folder,
                DateScoped = Observations.DateScoped(entity.Directory, date),
                Objects = listing.Files.Select(f => new ObservedObject(f.Path, f.Size, f.ModifiedAt)).ToList(),
                NotReady = entity.NotReadyWhenEmpty(listing.Files.Count, "file", $"in '{folder}'"),
            });
        }
        return observed;
    }

    public ValueTask DisposeAsync()
    {
        connection.Dispose();
        return ValueTask.CompletedTask;
    }
}
