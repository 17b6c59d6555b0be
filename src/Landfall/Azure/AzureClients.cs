using Azure;
using Azure.Identity;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;

namespace Landfall.Azure;

/// <summary>One way to build a Blob Storage client, for the Azure lake and the azure_blob source alike.</summary>
internal static class AzureClients
{
    /// <summary>
    /// A service client for the account with the configured credential. Retries are off in the SDK: the one resilience policy does
    /// them, so that each attempt is logged and bounded.
    /// </summary>
    public static BlobServiceClient Create(AzureConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 0;
        // Per try: a request unanswered, or a response body without a byte, for this long fails the try (no silent hang on a
        // half-open connection); the one retry policy then decides.
        options.Retry.NetworkTimeout = settings.RequestTimeout;
        // Request and response logging through the SDK's event source stays off: headers could carry a SAS.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        if (settings.ConnectionString is { } connection)
        {
            return new BlobServiceClient(connection, options);
        }
        var url = settings.AccountUrl!;
        if (settings.AccountKey is { } key)
        {
            return new BlobServiceClient(url, new StorageSharedKeyCredential(settings.AccountName, key), options);
        }
        if (settings.SasToken is { } sas)
        {
            return new BlobServiceClient(url, new AzureSasCredential(sas), options);
        }
        return new BlobServiceClient(url, EntraCredential(settings), options);
    }

    /// <summary>
    /// Microsoft Entra ID: managed identity, workload identity (AKS), environment, Azure CLI, ... in DefaultAzureCredential's order;
    /// client_id picks a user-assigned identity.
    /// </summary>
    private static DefaultAzureCredential EntraCredential(AzureConnectionSettings settings)
    {
        var options = new DefaultAzureCredentialOptions();
        if (settings.ClientId is { } id)
        {
            options.ManagedIdentityClientId = id;
            options.WorkloadIdentityClientId = id;
        }
        return new DefaultAzureCredential(options);
    }

    /// <summary>
    /// A URI of <paramref name="blob"/> the storage service itself can read for a server-side copy: with a read-only SAS valid for
    /// <paramref name="lifetime"/> when the client can sign one (account key, or a user delegation key under Entra ID), with the
    /// configured SAS token, or plain (a public container).
    /// </summary>
    public static async Task<Uri> ReadableUriAsync(BlobServiceClient service, BlobClient blob, AzureConnectionSettings settings,
        TimeSpan lifetime, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(service);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(BlobSasPermissions.Read, now + lifetime);
        }
        if (settings.SasToken is { } sas)
        {
            return new UriBuilder(blob.Uri) { Query = sas }.Uri;
        }
        if (settings.ConnectionString is null && settings.AccountKey is null)
        {
            var key = await service.GetUserDelegationKeyAsync(now.AddMinutes(-5), now + lifetime, cancellationToken).ConfigureAwait(false);
            var builder = new BlobSasBuilder(BlobSasPermissions.Read, now + lifetime)
            {
                BlobContainerName = blob.BlobContainerName,
                BlobName = blob.Name,
                Resource = "b",
                StartsOn = now.AddMinutes(-5),
            };
            var query = builder.ToSasQueryParameters(key.Value, service.AccountName).ToString();
            return new UriBuilder(blob.Uri) { Query = query }.Uri;
        }
        return blob.Uri;
    }
}
