using System.Text.Json;
using Landfall.Config;
using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Files;

/// <summary>
/// A folder on a local or mounted file system. A date's files are taken once they are settled (readiness rules), streamed into
/// the lake and SHA-256'd as they stream.
/// </summary>
internal sealed class FilesSource(string name, DateOnly startDate, ReadinessSettings readiness, IReadOnlyList<FolderEntity> entities)
    : SourceBase<FolderEntity>(name, "files", startDate, entities), IReconcilableSource, ILineageInputs
{
    /// <summary>OpenLineage's local file system naming: namespace file, name the date's absolute directory.</summary>
    public IReadOnlyList<(string Entity, string Namespace, string Name)> LineageInputs(DateOnly date) =>
        [.. EntityDefinitions.Select(e => (e.Name, "file", Path.GetFullPath(FolderListing.DirectoryOf(e, date))))];

    /// <summary>
    /// The files kind's settle interval: off by default (a local writer usually finishes with a rename); set it for a folder a
    /// partner writes into slowly, or over a network mount.
    /// </summary>
    public static readonly DurationSetting SettleIntervalSetting = new("settle_interval", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1));

    /// <summary>When a file counts as there.</summary>
    public ReadinessSettings Readiness { get; } = readiness;

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
                    var listing = FolderListing.Take(entity, date, Readiness.DoneMarker, context.Time, cancellationToken);
                    findings.Add(entity.Found(date, listing.Files.Count, "file", $"in '{FolderListing.DirectoryOf(entity, date)}'"));
                }
                catch (SourceException e)
                {
                    findings.Add(CheckFinding.Error(entity.Name, $"{e.Reason}: {e.Message}"));
                }
            }
        }
        return Task.FromResult<IReadOnlyList<CheckFinding>>(findings);
    }

    /// <summary>The files an entity would ingest for a date, without reading them or waiting for them to settle.</summary>
    public IReadOnlyList<ListedFile> ListFiles(string entity, DateOnly date) =>
        FolderListing.Take(Entity(entity), date, Readiness.DoneMarker, TimeProvider.System).Files;

    /// <inheritdoc />
    public Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken) =>
        Task.FromResult<ISourceObserver>(new FilesObserver(this, context.Time));

    /// <inheritdoc />
    public EntityObservation Recorded(string entity, EntityOutput output) => Observations.FromObjects(entity, output, "directory");

    private sealed class Session(FilesSource source, SourceRunContext context) : ISourceSession
    {
        private readonly Dictionary<string, (FileSnapshot Listing, Dictionary<string, JsonElement> Extra)> _prepared = new(StringComparer.Ordinal);

        public async Task PrepareAsync(string entity, CancellationToken cancellationToken)
        {
            var e = source.Entity(entity);
            var directory = FolderListing.DirectoryOf(e, context.IngestDate);
            var extra = new Dictionary<string, JsonElement>
            {
                ["directory"] = ManifestFormat.Fact(directory),
                ["glob"] = ManifestFormat.Fact(e.Glob.Pattern),
            };
            var listings = 0;
            var listing = await FileReadiness.SettledAsync(e, context.IngestDate, source.Readiness, ct =>
                {
                    var taken = FolderListing.Take(e, context.IngestDate, source.Readiness.DoneMarker, context.Time, ct);
                    if (listings++ == 0 && source.Readiness.SettleInterval > TimeSpan.Zero)
                    {
                        FilesLog.FirstListing(context.Logger, context.Source, entity, ManifestKeys.FormatDate(context.IngestDate), taken.Files.Count,
                            directory, (long)source.Readiness.SettleInterval.TotalMilliseconds, context.RunId);
                    }
                    return Task.FromResult(taken);
                },
                "file", $"in '{directory}'", extra, context.Time, cancellationToken).ConfigureAwait(false);
            _prepared[entity] = (listing, extra);
        }

        public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
        {
            if (!_prepared.TryGetValue(entity, out var prepared))
            {
                await PrepareAsync(entity, cancellationToken).ConfigureAwait(false);
                prepared = _prepared[entity];
            }
            var (listing, extra) = prepared;
            if (listing.Files.Count == 0)
            {
                return writer.ToOutput(empty: true, extra);
            }
            writer.Progress.Expect(objects: listing.Files.Count, bytes: listing.Files.Sum(f => f.Size));
            foreach (var file in listing.Files)
            {
                await CopyAsync(file, writer, cancellationToken).ConfigureAwait(false);
            }
            return writer.ToOutput(extra: extra);
        }

        private static async Task CopyAsync(ListedFile file, EntityWriter writer, CancellationToken cancellationToken)
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
                if (!file.Unchanged(Observe(file)) || written.Bytes != file.Size)
                {
                    throw new SourceException("file_changed",
                        $"'{file.Path}' changed while it was read ({file.Size} bytes before, {written.Bytes} read); " +
                        "a later run will retry once the writer is done.", isTransient: true);
                }
                if (file.LinkTarget is { } target)
                {
                    (written.Extra ??= [])["link_target"] = ManifestFormat.Fact(target);
                }
            }
        }

        private static ListedFile? Observe(ListedFile file)
        {
            var info = new FileInfo(file.ReadPath);
            return info.Exists ? file with { Size = info.Length, ModifiedAt = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero) } : null;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
