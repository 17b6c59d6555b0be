namespace Landfall.Sources.Files;

/// <summary>Observes a files source: each entity's folder listed for the date, as a run lists it (no file is opened).</summary>
internal sealed class FilesObserver(FilesSource source, TimeProvider time) : ISourceObserver
{
    public Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        foreach (var entity in source.EntityDefinitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var directory = FolderListing.DirectoryOf(entity, date);
            var files = FolderListing.Take(entity, date, source.Readiness.DoneMarker, time, cancellationToken).Files;
            observed.Add(new EntityObservation
            {
                Entity = entity.Name,
                Location = directory,
                DateScoped = Observations.DateScoped(entity.Directory, date),
                Objects = files.Select(f => new ObservedObject(f.Path, f.Size, f.ModifiedAt))
                    .ToList(),
                NotReady = entity.NotReadyWhenEmpty(files.Count, "file", $"in '{directory}'"),
            });
        }
        return Task.FromResult<IReadOnlyList<EntityObservation>>(observed);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
