namespace Landfall.Azure;

/// <summary>
/// Reads what Landfall needs of a storage connection string (the account name and the blob endpoint) without keeping any secret
/// in a message. <c>UseDevelopmentStorage=true</c> is the emulator's well-known account on 127.0.0.1:10000.
/// </summary>
internal static class AzureConnectionString
{
    public const string EmulatorAccount = "devstoreaccount1";

    /// <summary>Splits a connection string into its name=value parts (names case-insensitive); false when it has none of the needed ones.</summary>
    public static bool TryParse(string text, out Dictionary<string, string> parts)
    {
        parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var piece in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = piece.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }
            parts[piece[..eq]] = piece[(eq + 1)..];
        }
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev))
        {
            return string.Equals(dev, "true", StringComparison.OrdinalIgnoreCase);
        }
        var hasEndpoint = parts.ContainsKey("BlobEndpoint") || parts.ContainsKey("AccountName");
        var hasCredential = parts.ContainsKey("AccountKey") || parts.ContainsKey("SharedAccessSignature");
        return hasEndpoint && hasCredential
            && (!parts.TryGetValue("BlobEndpoint", out var endpoint) || Uri.TryCreate(endpoint, UriKind.Absolute, out _));
    }

    public static Uri EndpointOf(AzureConnectionSettings settings)
    {
        if (settings.AccountUrl is { } url)
        {
            return url;
        }
        if (!TryParse(settings.ConnectionString ?? "", out var parts))
        {
            throw new ArgumentException("The connection string is not one (its value is not shown).", nameof(settings));
        }
        if (parts.ContainsKey("UseDevelopmentStorage"))
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new Uri($"{proxy}:10000/{EmulatorAccount}");
        }
        if (parts.TryGetValue("BlobEndpoint", out var endpoint))
        {
            return new Uri(endpoint);
        }
        var scheme = parts.TryGetValue("DefaultEndpointsProtocol", out var s) ? s : "https";
        var suffix = parts.TryGetValue("EndpointSuffix", out var x) ? x : "core.windows.net";
        return new Uri($"{scheme}://{parts["AccountName"]}.blob.{suffix}");
    }

    public static string AccountOf(AzureConnectionSettings settings)
    {
        if (settings.ConfiguredAccountName is { } configured)
        {
            return configured;
        }
        if (settings.ConnectionString is { } text && TryParse(text, out var parts))
        {
            if (parts.ContainsKey("UseDevelopmentStorage"))
            {
                return EmulatorAccount;
            }
            if (parts.TryGetValue("AccountName", out var name))
            {
                return name;
            }
        }
        var endpoint = EndpointOf(settings);
        // An IP or localhost endpoint is path-style (the emulator): the account is the first path segment.
        var path = endpoint.AbsolutePath.Trim('/');
        if (endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback)
        {
            return path.Split('/')[0];
        }
        return endpoint.Host.Split('.')[0];
    }
}
