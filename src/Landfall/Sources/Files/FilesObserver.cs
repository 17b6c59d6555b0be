namespace Landfall.Sources.Files;

/// <summary>Observes a files source: each entity's folder listed for the date, as a run lists it (no file is opened).</summary>
internal sealed class FilesObserver(FilesSource source) : ISourceObserver
{
    public Task<IReadOnlyList<EntityObservation>> ObserveAsync(DateOnly date, IReadOnlyDictionary<string, EntityObservation> recorded,
        CancellationToken cancellationToken)
    {
        var observed = new List<EntityObservation>();
        foreach (var entity in source.EntityDefinitions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<FileInfo> files;
            string directory;
            try
            {
                files = FilesSource.ListFiles(entity, date, out directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SourceException("file_unreadable", $"Cannot list '{entity.Directory.Render(date)}': {e.Message}", e);
            }
            observed.Add(new EntityObservation
            {
                Entity = entity.Name,
                Location = directory,
                DateScoped = Observations.DateScoped(entity.Directory, date),
                Objects = files.Select(f => new ObservedObject(f.FullName, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))
                    .ToList(),
                NotReady = entity.NotReadyWhenEmpty(files.Count, "file", $"in '{directory}'"),
            });
        }
        return Task.FromResult<IReadOnlyList<EntityObservation>>(observed);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
