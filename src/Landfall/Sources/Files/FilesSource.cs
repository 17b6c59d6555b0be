using System.Text.Json;
using Landfall.Manifests;

namespace Landfall.Sources.Files;

/// <summary>A folder on a local or mounted file system. Files are streamed into the lake and SHA-256'd as they stream.</summary>
internal sealed class FilesSource(string name, DateOnly startDate, IReadOnlyList<FolderEntity> entities)
    : SourceBase<FolderEntity>(name, "files", startDate, entities)
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
                try
                {
                    var listing = FolderListing.Take(entity, date, cancellationToken);
                    findings.Add(entity.Found(date, listing.Files.Count, "file", $"in '{listing.Directory}'"));
                }
                catch (SourceException e)
                {
                    findings.Add(CheckFinding.Error(entity.Name, $"{e.Reason}: {e.Message}"));
                }
            }
        }
        return Task.FromResult<IReadOnlyList<CheckFinding>>(findings);
    }

    /// <summary>The files an entity would ingest for a date, without reading them.</summary>
    public IReadOnlyList<LocalFile> ListFiles(string entity, DateOnly date) => FolderListing.Take(Entity(entity), date).Files;

    private sealed class Session(FilesSource source, SourceRunContext context) : ISourceSession
    {
        public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
        {
            var e = source.Entity(entity);
            var listing = FolderListing.Take(e, context.IngestDate, cancellationToken);
            var extra = new Dictionary<string, JsonElement>
            {
                ["directory"] = ManifestFormat.Fact(listing.Directory),
                ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
            };
            if (listing.Files.Count == 0)
            {
                var below = listing.MatchingInSubfolders.Count == 0 ? ""
                    : $" ({string.Join(", ", listing.MatchingInSubfolders.Select(p => $"'{p}'"))} match in sub-folders, which are only " +
                      "taken with recursive: true on the entity)";
                return e.NoFiles(writer, extra, context.IngestDate, "file", $"in '{listing.Directory}'{below}");
            }
            writer.Progress.Expect(objects: listing.Files.Count, bytes: listing.Files.Sum(f => f.Size));
            foreach (var file in listing.Files)
            {
                await CopyAsync(file, writer, cancellationToken).ConfigureAwait(false);
            }
            return writer.ToOutput(extra: extra);
        }

        private static async Task CopyAsync(LocalFile file, EntityWriter writer, CancellationToken cancellationToken)
        {
            FileStream stream;
            try
            {
                stream = new FileStream(file.ReadPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "file_vanished" : "file_unreadable";
                throw new SourceException(reason, $"Cannot read '{file.Path}': {ex.Message}", ex, isTransient: reason == "file_vanished");
            }
            await using (stream.ConfigureAwait(false))
            {
                var written = await writer.WriteAsync(file.RelativePath, stream, "application/octet-stream", file.Path, file.ModifiedAt,
                    rows: null, cancellationToken).ConfigureAwait(false);
                // A file that changed while it streamed was not settled: what landed may be torn.
                if (!file.Unchanged(file.Refresh()) || written.Bytes != file.Size)
                {
                    throw new SourceException("file_changed",
                        $"'{file.Path}' changed while it was read ({file.Size} bytes before, {written.Bytes} read); " +
                        "a later run will retry once the writer is done.", isTransient: true);
                }
                if (file.IsLink)
                {
                    written.Extra = new Dictionary<string, JsonElement> { ["link_target"] = ManifestFormat.Fact(file.ReadPath) };
                }
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
