using System.Text.Json;
using Landfall.Manifests;

namespace Landfall.Sources.Files;

/// <summary>A folder on a local or mounted file system. Files are streamed into the lake and SHA-256'd as they stream.</summary>
internal sealed class FilesSource(string name, DateOnly startDate, IReadOnlyList<FolderEntity> entities)
    : SourceBase<FolderEntity>(name, "files", startDate, entities), IReconcilableSource
{
    /// <inheritdoc />
    public override Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceSession>(new Session(this, context));

    /// <inheritdoc />
    public override Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        foreach (var entity in EntityDefinitions)
        {
            foreach (var date in context.Dates)
            {
                var files = ListFiles(entity, date, out var directory);
                findings.Add(entity.Found(date, files.Count, "file", $"in '{directory}'"));
            }
        }
        return Task.FromResult<IReadOnlyList<CheckFinding>>(findings);
    }

    /// <summary>The files an entity would ingest for a date, without reading them (for plan and check).</summary>
    public IReadOnlyList<FileInfo> ListFiles(string entity, DateOnly date) => ListFiles(Entity(entity), date, out _);

    /// <inheritdoc />
    public Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceObserver>(new FilesObserver(this));

    /// <inheritdoc />
    public EntityObservation Recorded(string entity, EntityOutput output) => Observations.FromObjects(entity, output, "directory");

    internal static List<FileInfo> ListFiles(FolderEntity entity, DateOnly date, out string directory)
    {
        directory = entity.Directory.Render(date);
        var dir = new DirectoryInfo(directory);
        if (!dir.Exists)
        {
            return [];
        }
        return dir.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = entity.Recursive, AttributesToSkip = 0 })
            .Where(f => entity.Glob.IsMatch(f.Name))
            .OrderBy(f => Path.GetRelativePath(dir.FullName, f.FullName), StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Session(FilesSource source, SourceRunContext context) : ISourceSession
    {
        public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
        {
            var e = source.Entity(entity);
            var files = ListFiles(e, context.IngestDate, out var directory);
            var extra = new Dictionary<string, JsonElement>
            {
                ["directory"] = ManifestFormat.Fact(directory),
                ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
            };
            if (files.Count == 0)
            {
                return e.NoFiles(writer, extra, context.IngestDate, "file", $"in '{directory}'");
            }
            writer.Progress.Expect(objects: files.Count, bytes: files.Sum(f => f.Length));
            foreach (var file in files)
            {
                await CopyAsync(file, directory, writer, cancellationToken).ConfigureAwait(false);
            }
            return writer.ToOutput(extra: extra);
        }

        private static async Task CopyAsync(FileInfo file, string directory, EntityWriter writer, CancellationToken cancellationToken)
        {
            var relative = Path.GetRelativePath(directory, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            var before = (file.Length, file.LastWriteTimeUtc);
            FileStream stream;
            try
            {
                stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file_vanished" : "file_unreadable";
                throw new SourceException(reason, $"Cannot read '{file.FullName}': {ex.Message}", ex, isTransient: reason == "file_vanished");
            }
            await using (stream.ConfigureAwait(false))
            {
                var modified = new DateTimeOffset(before.LastWriteTimeUtc, TimeSpan.Zero);
                var written = await writer.WriteAsync(relative, stream, "application/octet-stream", file.FullName, modified, rows: null,
                    cancellationToken).ConfigureAwait(false);
                file.Refresh();
                // A file that changed while it streamed was not settled: what landed may be torn.
                if (!file.Exists || file.Length != before.Length || file.LastWriteTimeUtc != before.LastWriteTimeUtc
                    || written.Bytes != before.Length)
                {
                    throw new SourceException("file_changed",
                        $"'{file.FullName}' changed while it was read ({before.Length} bytes before, {written.Bytes} read); " +
                        "a later run will retry once the writer is done.", isTransient: true);
                }
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
