using System.Globalization;
using Landfall.Config;
using Landfall.Layout;

namespace Landfall.Sources.S3;

/// <summary>
/// Objects of S3 buckets (AWS or S3-compatible), one date-templated prefix per entity. When the lake is an S3 lake on the same
/// endpoint with the same credentials, objects are copied server-side (no byte passes through Landfall); otherwise they stream
/// through with bounded memory. Each object's size, ETag, version and checksums are recorded and checked against the copy.
/// </summary>
internal sealed class S3Source(string name, DateOnly startDate, S3SourceSettings settings, IReadOnlyList<S3Entity> entities)
    : SourceBase<S3Entity>(name, "s3", startDate, entities), IReconcilableSource, ILineageInputs
{
    /// <summary>OpenLineage's S3 naming: namespace s3://bucket, name the date's prefix.</summary>
    public IReadOnlyList<(string Entity, string Namespace, string Name)> LineageInputs(DateOnly date) =>
        [.. EntityDefinitions.Select(e => (e.Name, $"s3://{e.Bucket}", e.Prefix.Render(date).Trim('/')))];

    /// <summary>Endpoint, credentials and copy settings.</summary>
    public S3SourceSettings Settings { get; } = settings;

    /// <summary>Test seam: runs before each object is copied (after listing), so a test can delete or rewrite it in between.</summary>
    internal Func<string, CancellationToken, Task>? BeforeCopy { get; set; }

    /// <inheritdoc />
    public override Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var client = new S3SourceClient(Settings.Connection, context.Logger, context.Time);
        return Task.FromResult<ISourceSession>(new S3SourceSession(this, context, client));
    }

    /// <inheritdoc />
    public Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<ISourceObserver>(new S3Observer(this, new S3SourceClient(Settings.Connection, context.Logger, context.Time), context));
    }

    /// <inheritdoc />
    /// <remarks>
    /// The ETag to compare with a listing is the listing's own: <c>listed_etag</c> when the run recorded one (the listing and HEAD
    /// disagreed), else <c>source_etag</c>.
    /// </remarks>
    public EntityObservation Recorded(string entity, Manifests.EntityOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var recorded = Observations.FromObjects(entity, output, "prefix", (o, observed) => observed with
        {
            ETag = Observations.Fact(o.Extra, "listed_etag") ?? Observations.Fact(o.Extra, "source_etag"),
            VersionId = Observations.Fact(o.Extra, "source_version_id"),
        });
        return Observations.Fact(output.Extra, "bucket") is { } bucket
            ? recorded with { Location = Location(bucket, recorded.Location ?? "") }
            : recorded;
    }

    /// <summary>Where an entity's objects are for a date, as reconcile compares it: <c>s3://bucket/prefix</c>.</summary>
    public static string Location(string bucket, string prefix) => $"s3://{bucket}/{prefix}";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        S3SourceClient client;
        try
        {
            client = new S3SourceClient(Settings.Connection, context.Logger, context.Time);
        }
        catch (SourceException e)
        {
            return [CheckFinding.Error("connection", e.Message)];
        }
        using (client)
        {
            var reached = false;
            foreach (var entity in EntityDefinitions)
            {
                foreach (var date in context.Dates)
                {
                    var prefix = entity.Prefix.Render(date);
                    var where = $"s3://{entity.Bucket}/{prefix}";
                    var day = ManifestKeys.FormatDate(date);
                    List<S3SourceObject> objects;
                    try
                    {
                        objects = await client.ListAsync(entity, prefix, cancellationToken).ConfigureAwait(false);
                    }
                    catch (SourceException e)
                    {
                        findings.Add(CheckFinding.Error(entity.Name, $"{e.Reason}: {e.Message}"));
                        break;
                    }
                    if (!reached)
                    {
                        findings.Insert(0, CheckFinding.Ok("connection", $"reached {client.Where} and listed with the source's credentials"));
                        reached = true;
                    }
                    if (objects.Count == 0)
                    {
                        findings.Add(entity.Found(date, 0, "object", $"under '{where}'"));
                        continue;
                    }
                    var bytes = objects.Sum(o => o.Size).ToString("N0", CultureInfo.InvariantCulture);
                    var minAge = Settings.Readiness.MinAge ?? TimeSpan.Zero;
                    var unsettled = minAge > TimeSpan.Zero ? objects.Count(o => o.LastModified > context.Time.GetUtcNow() - minAge) : 0;
                    var detail = $"{day}: {objects.Count} object(s), {bytes} bytes matching '{entity.Glob.Pattern}' under '{where}'";
                    findings.Add(unsettled > 0
                        ? CheckFinding.Warning(entity.Name, $"{detail}; {unsettled} modified within the quiet period ({ConfigDuration.Format(minAge)})")
                        : CheckFinding.Ok(entity.Name, detail));
                }
            }
        }
        return findings;
    }
}
