using System.Globalization;
using Landfall.Config;
using Landfall.Layout;

namespace Landfall.Sources.Azure;

/// <summary>
/// Blobs of Azure Blob Storage containers, one date-templated prefix per entity. Into an Azure lake in the same account, blobs are
/// copied server-side (Copy Blob, with a short-lived read-only SAS of the source); into any other lake they stream through with
/// bounded memory, SHA-256 on the way. Each blob's ETag, size, Last-Modified, version id and Content-MD5 are recorded.
/// </summary>
internal sealed class AzureBlobSource(string name, DateOnly startDate, AzureBlobSourceSettings settings, IReadOnlyList<AzureBlobEntity> entities)
    : SourceBase<AzureBlobEntity>(name, "azure_blob", startDate, entities), IReconcilableSource
{
    /// <summary>Account, credentials and copy settings.</summary>
    public AzureBlobSourceSettings Settings { get; } = settings;

    /// <summary>Test seam: runs before each blob is copied (after listing), so a test can delete or rewrite it in between.</summary>
    internal Func<string, CancellationToken, Task>? BeforeCopy { get; set; }

    /// <inheritdoc />
    public override Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<ISourceSession>(new AzureBlobSession(this, context, new AzureBlobClient(Settings.Connection, context.Logger, context.Time)));
    }

    /// <inheritdoc />
    public Task<ISourceObserver> OpenObserverAsync(SourceObserveContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<ISourceObserver>(new AzureBlobObserver(this, new AzureBlobClient(Settings.Connection, context.Logger, context.Time), context));
    }

    /// <inheritdoc />
    public EntityObservation Recorded(string entity, Manifests.EntityOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var recorded = Observations.FromObjects(entity, output, "prefix", (o, observed) => observed with
        {
            ETag = Observations.Fact(o.Extra, "source_etag"),
            VersionId = Observations.Fact(o.Extra, "source_version_id"),
        });
        return Observations.Fact(output.Extra, "container") is { } container
            ? recorded with { Location = Location(container, recorded.Location ?? "") }
            : recorded;
    }

    /// <summary>Where an entity's blobs are for a date, as reconcile compares it: <c>container/prefix</c>.</summary>
    public static string Location(string container, string prefix) => $"{container}/{prefix}";

    /// <inheritdoc />
    public override async Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<CheckFinding>();
        AzureBlobClient client;
        try
        {
            client = new AzureBlobClient(Settings.Connection, context.Logger, context.Time);
        }
        catch (SourceException e)
        {
            return [CheckFinding.Error("connection", e.Message)];
        }
        var reached = false;
        foreach (var entity in EntityDefinitions)
        {
            foreach (var date in context.Dates)
            {
                var prefix = entity.Prefix.Render(date);
                var where = $"container '{entity.Container}' under '{prefix}'";
                List<AzureBlobObject> blobs;
                try
                {
                    (blobs, _) = await client.ListAsync(entity, prefix, marker: null, cancellationToken).ConfigureAwait(false);
                }
                catch (SourceException e)
                {
                    findings.Add(CheckFinding.Error(entity.Name, $"{e.Reason}: {e.Message}"));
                    break;
                }
                if (!reached)
                {
                    findings.Insert(0, CheckFinding.Ok("connection", $"reached {client.Where} and listed with the source's credentials ({Settings.Connection.CredentialKind})"));
                    reached = true;
                }
                if (blobs.Count == 0)
                {
                    findings.Add(entity.Found(date, 0, "blob", $"in {where}"));
                    continue;
                }
                var bytes = blobs.Sum(o => o.Size).ToString("N0", CultureInfo.InvariantCulture);
                var minAge = Settings.Readiness.MinAge ?? TimeSpan.Zero;
                var unsettled = minAge > TimeSpan.Zero ? blobs.Count(o => o.LastModified > context.Time.GetUtcNow() - minAge) : 0;
                var detail = $"{ManifestKeys.FormatDate(date)}: {blobs.Count} blob(s), {bytes} bytes matching '{entity.Glob.Pattern}' in {where}";
                findings.Add(unsettled > 0
                    ? CheckFinding.Warning(entity.Name, $"{detail}; {unsettled} modified within min_age ({ConfigDuration.Format(minAge)})")
                    : CheckFinding.Ok(entity.Name, detail));
            }
        }
        return findings;
    }
}
