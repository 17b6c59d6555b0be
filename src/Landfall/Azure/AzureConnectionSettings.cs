using Landfall.Config;

namespace Landfall.Azure;

/// <summary>
/// How to reach Azure Blob Storage and with which credentials: the keys an <c>azure</c> lake and an <c>azure_blob</c> source share,
/// parsed and validated once. One of <see cref="ConnectionString"/> or <see cref="AccountUrl"/>; with an account URL, an account key,
/// a SAS token, or (neither) Microsoft Entra ID through <c>DefaultAzureCredential</c> (managed identity, workload identity, Azure CLI).
/// </summary>
public sealed record AzureConnectionSettings
{
    /// <summary>Attempts per Azure call, first included, for transient failures.</summary>
    public static readonly IntSetting MaxAttemptsSetting = new("max_attempts", 5, 1, 20);

    /// <summary>
    /// How long one try may wait for an answer, and a body read for its next byte, before it counts as stalled (Azure.Core's network
    /// timeout); expires into the one retry policy.
    /// </summary>
    public static readonly DurationSetting RequestTimeoutSetting =
        new("request_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

    /// <summary>The config keys these settings read.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["account_url", "account_name", "connection_string", "account_key", "sas_token", "client_id", MaxAttemptsSetting.Key, RequestTimeoutSetting.Key];

    /// <summary>
    /// The blob endpoint of the account: <c>https://ACCOUNT.blob.core.windows.net</c>, or an emulator's
    /// <c>http://127.0.0.1:10000/devstoreaccount1</c>; null when <see cref="ConnectionString"/> is given.
    /// </summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>A storage connection string (<c>AccountName=...;AccountKey=...</c>, or <c>UseDevelopmentStorage=true</c>); never logged.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>The account's shared key (base64); never logged.</summary>
    public string? AccountKey { get; init; }

    /// <summary>A SAS token (the query string, with or without its leading '?'); never logged.</summary>
    public string? SasToken { get; init; }

    /// <summary>The client id of a user-assigned managed identity or of a workload identity, for Entra ID; null for the default one.</summary>
    public string? ClientId { get; init; }

    /// <summary>Attempts for a transient failure (throttling, 5xx, network) before it fails (default 5; 1 = no retry).</summary>
    public int MaxAttempts { get; init; } = MaxAttemptsSetting.Default;

    /// <summary>
    /// The storage account's name when <see cref="AccountUrl"/> does not show it (a custom domain); otherwise null, and the name is
    /// read from the URL's host (ACCOUNT.blob.core.windows.net) or path (an emulator).
    /// </summary>
    public string? ConfiguredAccountName { get; init; }

    /// <summary>How long one try may wait for an answer or for the next byte of a body (default 30s).</summary>
    public TimeSpan RequestTimeout { get; init; } = RequestTimeoutSetting.DefaultValue;

    /// <summary>How the requests are authorised, for messages: <c>connection string</c>, <c>account key</c>, <c>SAS token</c> or <c>Entra ID</c>.</summary>
    public string CredentialKind => ConnectionString is not null ? "connection string" : AccountKey is not null ? "account key"
        : SasToken is not null ? "SAS token" : "Entra ID (DefaultAzureCredential)";

    /// <summary>The account name: from the connection string, the emulator path or the host's first label.</summary>
    public string AccountName => AzureConnectionString.AccountOf(this);

    /// <summary>The blob endpoint (no query string, no secret), for messages and the same-account test.</summary>
    public Uri BlobEndpoint => AzureConnectionString.EndpointOf(this);

    /// <summary>Where the account is, for messages: <c>account 'NAME' at ENDPOINT</c>. Never a secret.</summary>
    public string Where => $"account '{AccountName}' at {BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}";

    /// <summary>Reads and validates the connection keys of <paramref name="node"/> (the other keys are the caller's).</summary>
    public static AzureConnectionSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var url = node.OptionalString("account_url");
        var connection = node.OptionalString("connection_string");
        var key = node.OptionalString("account_key");
        var sas = node.OptionalString("sas_token");
        var clientId = node.OptionalString("client_id");
        var accountName = node.OptionalString("account_name");
        if ((url is null) == (connection is null))
        {
            throw (url is null ? node : node.Required("connection_string")).Error(
                "give either account_url (https://ACCOUNT.blob.core.windows.net) or connection_string, exactly one of them");
        }
        Uri? accountUrl = null;
        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out accountUrl) || accountUrl.Scheme is not ("http" or "https")
                || accountUrl.Query.Length > 1 || accountUrl.UserInfo.Length > 0)
            {
                throw node.Required("account_url").Error(
                    "is not an absolute http(s) URL without a query string, such as https://ACCOUNT.blob.core.windows.net " +
                    "(a SAS token goes in sas_token)");
            }
        }
        else
        {
            foreach (var other in new[] { "account_key", "sas_token", "client_id" })
            {
                if (node.Child(other) is { } given)
                {
                    throw given.Error("the connection string carries the credentials: give it alone, or account_url with " + other);
                }
            }
            if (accountName is not null)
            {
                throw node.Required("account_name").Error("the connection string names the account: give it alone, or account_url with account_name");
            }
            if (!AzureConnectionString.TryParse(connection!, out _))
            {
                // The value itself is never echoed: it holds the key.
                throw node.Required("connection_string").Error(
                    "is not a storage connection string (AccountName=...;AccountKey=...;EndpointSuffix=... or " +
                    "BlobEndpoint=...;SharedAccessSignature=..., or UseDevelopmentStorage=true)");
            }
        }
        if (key is not null && sas is not null)
        {
            throw node.Required("sas_token").Error("give either account_key or sas_token, not both");
        }
        if (clientId is not null && (key is not null || sas is not null))
        {
            throw node.Required("client_id").Error("client_id picks an Entra ID identity; it cannot go with account_key or sas_token");
        }
        if (key is not null && !IsBase64(key))
        {
            throw node.Required("account_key").Error("is not a base64 account key (the value is not shown)");
        }
        return new AzureConnectionSettings
        {
            AccountUrl = accountUrl,
            ConnectionString = connection,
            AccountKey = key,
            SasToken = sas?.TrimStart('?'),
            ClientId = clientId,
            ConfiguredAccountName = accountName,
            MaxAttempts = node.Get(MaxAttemptsSetting),
            RequestTimeout = node.Get(RequestTimeoutSetting),
        };
    }

    /// <summary>Same blob endpoint (so the same account): a server-side copy between the two stays inside the account.</summary>
    public bool SameAccountAs(AzureConnectionSettings other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Normalize(BlobEndpoint), Normalize(other.BlobEndpoint), StringComparison.Ordinal);
    }

    private static string Normalize(Uri uri) => $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}".ToLowerInvariant();

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    /// <summary>The settings without secrets, for records and logs.</summary>
    public override string ToString() => $"Azure Blob Storage {Where} ({CredentialKind})";
}
