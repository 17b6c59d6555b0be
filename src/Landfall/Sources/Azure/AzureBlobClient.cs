using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Landfall.Azure;
using Landfall.Resilience;
using Landfall.Sources.Readiness;
using Microsoft.Extensions.Logging;
using Polly;

namespace Landfall.Sources.Azure;

/// <summary>
/// The source's client of Blob Storage: listing, properties, downloads and copy URIs, each through the one retry policy, each failure
/// translated into a <see cref="SourceException"/> that names the account, container and blob (never a credential).
/// </summary>
internal sealed class AzureBlobClient
{
    private readonly BlobServiceClient _service;
    private readonly AzureConnectionSettings _settings;
    private readonly ResiliencePipeline _retry;
    private readonly TimeProvider _time;

    public AzureBlobClient(AzureConnectionSettings settings, ILogger logger, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        try
        {
            _service = AzureClients.Create(settings);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new SourceException("source_error", $"The Azure source settings cannot be used for {settings.Where}: {AzureTransience.Scrub(e.Message)}", e);
        }
        _retry = RetryPipelines.Create(new RetryOptions { MaxAttempts = settings.MaxAttempts }, AzureTransience.IsTransient, time,
            r => AzureBlobLog.Retry(logger, r.Operation, r.Target, r.Attempt, r.Delay.TotalMilliseconds, r.Error is null ? "" : AzureTransience.Describe(r.Error)));
    }

    /// <summary>Where the source is, for messages (no secrets).</summary>
    public string Where => _settings.Where;

    /// <summary>The address of a blob without any query string: what the manifest records as its source path.</summary>
    public string PathOf(string container, string name) => $"{_settings.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{container}/{name}";

    /// <summary>Every blob under <paramref name="prefix"/> whose name matches the glob, in name order, and the done markers beside them.</summary>
    public async Task<(List<AzureBlobObject> Objects, HashSet<string> Markers)> ListAsync(AzureBlobEntity entity, string prefix, DoneMarker? marker,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var container = _service.GetBlobContainerClient(entity.Container);
        return await ExecuteAsync("list", entity.Container, prefix, async ct =>
        {
            var objects = new List<AzureBlobObject>();
            var markers = new HashSet<string>(StringComparer.Ordinal);
            void Add(BlobItem item)
            {
                var relative = item.Name[prefix.Length..];
                if (relative.Length == 0 || relative.EndsWith('/'))
                {
                    return;
                }
                var name = relative[(relative.LastIndexOf('/') + 1)..];
                if (marker is not null && marker.IsMarker(name))
                {
                    markers.Add(item.Name);
                }
                else if (entity.Glob.IsMatch(name))
                {
                    var p = item.Properties;
                    objects.Add(new AzureBlobObject(entity.Container, item.Name, relative, p.ContentLength ?? 0,
                        p.LastModified ?? DateTimeOffset.MinValue, (p.ETag?.ToString() ?? "").Trim('"'), item.VersionId,
                        p.ContentHash is { Length: > 0 } h ? Convert.ToHexStringLower(h) : null));
                }
            }
            if (entity.Recursive)
            {
                await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct).ConfigureAwait(false))
                {
                    Add(item);
                }
            }
            else
            {
                await foreach (var item in container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = prefix, Delimiter = "/" }, ct)
                    .ConfigureAwait(false))
                {
                    if (item.IsBlob)
                    {
                        Add(item.Blob);
                    }
                }
            }
            objects.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return (objects, markers);
        }, cancellationToken).ConfigureAwait(false);
    }

    private BlobClient Blob(AzureBlobObject obj)
    {
        var blob = _service.GetBlobContainerClient(obj.Container).GetBlobClient(obj.Name);
        return obj.VersionId is null ? blob : blob.WithVersion(obj.VersionId);
    }

    /// <summary>The blob's properties, only while it still has the listed ETag (object_changed otherwise).</summary>
    public Task<BlobProperties> HeadAsync(AzureBlobObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var blob = Blob(obj);
        return ExecuteAsync("head", obj.Container, obj.Name, async ct => (await blob.GetPropertiesAsync(
            new BlobRequestConditions { IfMatch = new ETag($"\"{obj.ETag}\"") }, ct).ConfigureAwait(false)).Value, cancellationToken);
    }

    /// <summary>Whether the blob (as listed: its version, when it has one) still exists, whatever its ETag now.</summary>
    public Task<bool> ExistsAsync(AzureBlobObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var blob = Blob(obj);
        return ExecuteAsync("head", obj.Container, obj.Name, async ct => (await blob.ExistsAsync(ct).ConfigureAwait(false)).Value, cancellationToken);
    }

    /// <summary>A download of the blob as listed (object_changed when its ETag moved on). The caller disposes the result.</summary>
    public Task<BlobDownloadStreamingResult> DownloadAsync(AzureBlobObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var blob = Blob(obj);
        return ExecuteAsync("get", obj.Container, obj.Name, async ct => (await blob.DownloadStreamingAsync(new BlobDownloadOptions
        {
            Conditions = new BlobRequestConditions { IfMatch = new ETag($"\"{obj.ETag}\"") },
        }, ct).ConfigureAwait(false)).Value, cancellationToken);
    }

    /// <summary>A URI of the blob the service can read for a server-side copy (a read-only SAS of <paramref name="lifetime"/>).</summary>
    public Task<Uri> CopySourceAsync(AzureBlobObject obj, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var blob = Blob(obj);
        return ExecuteAsync("sign", obj.Container, obj.Name,
            ct => AzureClients.ReadableUriAsync(_service, blob, _settings, lifetime, _time.GetUtcNow(), ct), cancellationToken);
    }

    private async Task<T> ExecuteAsync<T>(string operation, string container, string name, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(operation, $"{container}/{name}", call, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw AzureBlobErrors.Translate(e, operation, Where, _settings, container, name);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or AuthenticationFailedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw AzureBlobErrors.Unreachable(e, operation, Where, _settings, container, name);
        }
    }
}
