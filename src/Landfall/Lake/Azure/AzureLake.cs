using System.Net;
using System.Security.Cryptography;
using Azure;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Landfall.Azure;
using Landfall.Diagnostics;
using Landfall.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Landfall.Lake.Azure;

/// <summary>
/// A lake in an Azure Blob Storage container. Every put is a conditional create (<c>If-None-Match: *</c>): the service itself refuses
/// a second write of a name, so nothing is ever overwritten, even by a concurrent writer. A put smaller than one block is one Put Blob;
/// a larger one stages blocks (each with its Content-MD5, checked by the service) a few at a time and commits the list, so memory stays
/// at (blocks in flight + 1) blocks whatever the size. Transient failures are retried by the one resilience policy, each attempt logged.
/// </summary>
internal sealed partial class AzureLake : IAtomicCreateLake
{
    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private readonly AzureLakeSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _retry;
    private readonly string _root;

    /// <summary>Creates the lake from its settings (no request is made).</summary>
    public AzureLake(AzureLakeSettings settings, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _service = AzureClients.Create(settings.Connection);
        _container = _service.GetBlobContainerClient(settings.Container);
        _root = settings.Prefix.Length == 0 ? "" : settings.Prefix + "/";
        _retry = RetryPipelines.Create(new RetryOptions { MaxAttempts = settings.Connection.MaxAttempts }, AzureTransience.IsTransient, _time,
            r => Log.LakeRetry(_logger, r.Operation, r.Target, r.Attempt, r.Delay.TotalMilliseconds,
                r.Error is null ? "" : AzureTransience.Describe(r.Error)));
    }

    /// <summary>The lake's settings.</summary>
    public AzureLakeSettings Settings => _settings;

    /// <inheritdoc />
    public string Description => _settings.Description;

    /// <inheritdoc />
    public string UriOf(string key) => $"{_container.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{_root}{key}";

    private int BlockSize => _settings.BlockSizeMiB * 1024 * 1024;

    /// <inheritdoc />
    public async Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        await CreateAsync(key, content, contentType, cancellationToken).ConfigureAwait(false) ?? throw new LakeKeyExistsException(key);

    /// <inheritdoc />
    public Task<LakeObjectInfo?> TryCreateAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        CreateAsync(key, content, contentType, cancellationToken);

    private async Task<LakeObjectInfo?> CreateAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        LakeKey.Validate(key);
        var blob = _container.GetBlockBlobClient(_root + key);
        var first = new byte[BlockSize];
        var firstLength = await FillAsync(content, first, cancellationToken).ConfigureAwait(false);
        if (firstLength < first.Length)
        {
            return await PutSmallAsync(key, blob, first, firstLength, contentType, cancellationToken).ConfigureAwait(false);
        }
        return await PutBlocksAsync(key, blob, content, contentType, first, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LakeObjectInfo?> PutSmallAsync(string key, BlockBlobClient blob, byte[] buffer, int length, string contentType,
        CancellationToken cancellationToken)
    {
#pragma warning disable CA5351 // Content-MD5 is the service's integrity check of the body (and our own-write test), not security.
        var md5 = MD5.HashData(buffer.AsSpan(0, length));
#pragma warning restore CA5351
        var attempts = 0;
        return await ExecuteAsync("put", key, async ct =>
        {
            attempts++;
            try
            {
                var response = await blob.UploadAsync(new MemoryStream(buffer, 0, length, writable: false), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType, ContentHash = md5 },
                }, ct).ConfigureAwait(false);
                return new LakeObjectInfo(key, length, response.Value.LastModified, Unquote(response.Value.ETag));
            }
            catch (RequestFailedException e) when (IsExists(e))
            {
                // A retried create whose first attempt landed after all (its answer was lost) finds its own bytes: that is a success.
                if (attempts > 1 && await HeadBlobAsync(blob, ct).ConfigureAwait(false) is { } props
                    && props.ContentHash is { } hash && hash.AsSpan().SequenceEqual(md5) && props.ContentLength == length)
                {
                    return new LakeObjectInfo(key, length, props.LastModified, Unquote(props.ETag));
                }
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LakeObjectInfo?> PutBlocksAsync(string key, BlockBlobClient blob, Stream content, string contentType, byte[] first,
        CancellationToken cancellationToken)
    {
        // Block ids unique to this put: a concurrent writer of the same name never mixes its uncommitted blocks with these.
        var putId = Guid.NewGuid().ToByteArray();
        var ids = new List<string>();
        var inFlight = new Queue<(Task Upload, byte[] Buffer)>();
        var spare = new Stack<byte[]>();
        long total = 0;
        var buffer = first;
        var length = first.Length;
        try
        {
            while (length > 0)
            {
                var id = BlockId(putId, ids.Count);
                ids.Add(id);
                total += length;
                inFlight.Enqueue((StageAsync(key, blob, id, buffer, length, cancellationToken), buffer));
                if (inFlight.Count >= _settings.BlocksInFlight)
                {
                    var (done, free) = inFlight.Dequeue();
                    await done.ConfigureAwait(false);
                    spare.Push(free);
                }
                buffer = spare.Count > 0 ? spare.Pop() : new byte[BlockSize];
                length = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            }
            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue().Upload.ConfigureAwait(false);
            }
        }
        catch
        {
            // Already failing: let every staged block finish or fail before the error leaves (uncommitted blocks expire by themselves).
            foreach (var (upload, _) in inFlight)
            {
                try
                {
                    await upload.ConfigureAwait(false);
                }
                catch (Exception e) when (e is LandfallException or OperationCanceledException)
                {
                    // The first error is the one reported.
                }
            }
            throw;
        }
        return await ExecuteAsync("commit_blocks", key, async ct =>
        {
            try
            {
                var response = await blob.CommitBlockListAsync(ids, new CommitBlockListOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                }, ct).ConfigureAwait(false);
                return new LakeObjectInfo(key, total, response.Value.LastModified, Unquote(response.Value.ETag));
            }
            catch (RequestFailedException e) when (IsExists(e))
            {
                return (LakeObjectInfo?)null;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<int> StageAsync(string key, BlockBlobClient blob, string id, byte[] buffer, int length, CancellationToken cancellationToken) =>
        ExecuteAsync("stage_block", key, async ct =>
        {
            // The service checks each block against its MD5 (a corrupted block is refused, and retried).
            var response = await blob.StageBlockAsync(id, new MemoryStream(buffer, 0, length, writable: false), new BlockBlobStageBlockOptions
            {
                TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 },
            }, ct).ConfigureAwait(false);
            return response.GetRawResponse().Status;
        }, cancellationToken);

    private static string BlockId(byte[] putId, int index)
    {
        var id = new byte[putId.Length + 4];
        putId.CopyTo(id, 0);
        BitConverter.TryWriteBytes(id.AsSpan(putId.Length), index);
        return Convert.ToBase64String(id);
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        var blob = _container.GetBlobClient(_root + key);
        var response = await ExecuteAsync("get", key, ct => blob.DownloadStreamingAsync(new BlobDownloadOptions(), ct), cancellationToken)
            .ConfigureAwait(false);
        return new AzureResponseStream(response.Value);
    }

    /// <inheritdoc />
    public async Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        LakeKey.Validate(key);
        var blob = _container.GetBlobClient(_root + key);
        var props = await ExecuteAsync("head", key, ct => HeadBlobAsync(blob, ct), cancellationToken).ConfigureAwait(false);
        return props is null ? null : new LakeObjectInfo(key, props.ContentLength, props.LastModified, Unquote(props.ETag));
    }

    private static async Task<BlobProperties?> HeadBlobAsync(BlobBaseClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound && e.ErrorCode is not "ContainerNotFound")
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var full = _root + prefix;
        return await ExecuteAsync("list", prefix, async ct =>
        {
            var objects = new List<LakeObjectInfo>();
            var prefixes = new List<string>();
            string? next = null;
            if (delimiter is null)
            {
                await foreach (var page in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = full }, ct)
                    .AsPages(continuationToken, 1000).ConfigureAwait(false))
                {
                    objects.AddRange(page.Values.Select(ToInfo));
                    next = page.ContinuationToken;
                    break;
                }
            }
            else
            {
                await foreach (var page in _container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Prefix = full, Delimiter = delimiter }, ct)
                    .AsPages(continuationToken, 1000).ConfigureAwait(false))
                {
                    foreach (var item in page.Values)
                    {
                        if (item.IsPrefix)
                        {
                            prefixes.Add(item.Prefix[_root.Length..]);
                        }
                        else
                        {
                            objects.Add(ToInfo(item.Blob));
                        }
                    }
                    next = page.ContinuationToken;
                    break;
                }
            }
            objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            prefixes.Sort(StringComparer.Ordinal);
            return new LakeListPage(objects, prefixes, string.IsNullOrEmpty(next) ? null : next);
        }, cancellationToken).ConfigureAwait(false);
    }

    private LakeObjectInfo ToInfo(BlobItem item) => new(item.Name[_root.Length..], item.Properties.ContentLength ?? 0,
        item.Properties.LastModified ?? DateTimeOffset.MinValue, Unquote(item.Properties.ETag));

    private async Task<T> ExecuteAsync<T>(string operation, string key, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.ExecuteAsync(operation, key, call, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound && e.ErrorCode is "BlobNotFound")
        {
            throw new LakeObjectNotFoundException(key, e);
        }
        catch (RequestFailedException e)
        {
            throw Translate(e, operation, key);
        }
        catch (AuthenticationFailedException e)
        {
            throw new LakeException($"No Entra ID token for {Description}: {AzureTransience.Scrub(e.Message.Split('\n', 2)[0])}; give the " +
                "managed identity or workload identity (lake.client_id), sign in with the Azure CLI, or use lake.account_key or lake.sas_token.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LakeException($"Azure {operation} of '{key}' in {Description} failed after {_settings.Connection.MaxAttempts} attempt(s): " +
                $"{AzureTransience.Describe(e)}", e, isTransient: true);
        }
    }

    private LakeException Translate(RequestFailedException e, string operation, string key)
    {
        var where = $"container '{_settings.Container}' of {_settings.Connection.Where}";
        return e switch
        {
            { ErrorCode: "ContainerNotFound" } => new LakeException(
                $"Container '{_settings.Container}' does not exist in {_settings.Connection.Where}; create it or fix lake.container.", e),
            _ when AzureTransience.IsAuthenticationFailure(e) => new LakeException(
                $"Azure rejected the lake's credentials ({_settings.Connection.CredentialKind}) for {operation} of '{key}' in {where} " +
                $"({e.ErrorCode}): the key is wrong, or the SAS is malformed or expired; check lake.account_key, lake.sas_token or " +
                "lake.connection_string. Not retried.", e),
            { Status: 403 } => new LakeException(
                $"Azure denied {operation} of '{key}' in {where} ({e.ErrorCode}): the credentials ({_settings.Connection.CredentialKind}) " +
                "are valid but lack a permission (a SAS needs read, add, create, write and list; an Entra ID identity the role " +
                "Storage Blob Data Contributor on the container). Not retried.", e),
            { Status: 501 } => new LakeException(
                $"The Azure endpoint does not implement {operation} as requested ({AzureTransience.Describe(e)}).", e),
            _ => new LakeException(
                $"Azure {operation} of '{key}' in {where} failed{(AzureTransience.IsTransient(e) ? $" after {_settings.Connection.MaxAttempts} attempt(s)" : "")}: " +
                AzureTransience.Describe(e), e, AzureTransience.IsTransient(e)),
        };
    }

    private static bool IsExists(RequestFailedException e) =>
        e.Status == (int)HttpStatusCode.Conflict && e.ErrorCode is "BlobAlreadyExists"
        || e.Status == (int)HttpStatusCode.PreconditionFailed && e.ErrorCode is "ConditionNotMet";

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    internal static string Unquote(ETag? etag) => etag is { } e ? e.ToString().Trim('"') : "";
}
