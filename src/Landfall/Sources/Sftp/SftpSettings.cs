using Landfall.Config;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Sftp;

/// <summary>How to reach and trust an SFTP server, and when a file counts as settled.</summary>
internal sealed class SftpSettings
{
    public static readonly IntSetting PortSetting = new("port", 22, 1, 65535);
    public static readonly DurationSetting ConnectTimeoutSetting = new("connect_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
    public static readonly DurationSetting OperationTimeoutSetting = new("operation_timeout", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
    public static readonly DurationSetting SettleIntervalSetting = new("settle_interval", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromHours(1));
    public static readonly IntSetting MaxAttemptsSetting = new("max_attempts", 4, 1, 20);
    public static readonly DurationSetting RetryDelaySetting = new("retry_delay", TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromMinutes(5));
    public static readonly IntSetting ParallelTransfersSetting = new("parallel_transfers", 4, 1, 32);

    /// <summary>The source-level config keys of the kind.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "host", PortSetting.Key, "username", "password", "private_key", "private_key_env", "passphrase", "host_key_fingerprint",
        ConnectTimeoutSetting.Key, OperationTimeoutSetting.Key, .. ReadinessSettings.Keys(SettleIntervalSetting),
        MaxAttemptsSetting.Key, RetryDelaySetting.Key, ParallelTransfersSetting.Key, "key_exchange",
    ];

    /// <summary>Host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port; default 22.</summary>
    public int Port { get; init; } = PortSetting.Default;

    /// <summary>User name.</summary>
    public required string Username { get; init; }

    /// <summary>Password, when authenticating by password.</summary>
    public string? Password { get; init; }

    /// <summary>Path of a private key file (OpenSSH or PEM format).</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>Name of the environment variable holding the private key text (for <c>private_key_env</c>).</summary>
    public string? PrivateKeyEnv { get; init; }

    /// <summary>The private key text itself, read from <see cref="PrivateKeyEnv"/> when the source was configured.</summary>
    internal string? PrivateKeyText { get; init; }

    /// <summary>Passphrase of the private key, if it has one.</summary>
    public string? Passphrase { get; init; }

    /// <summary>
    /// The pinned host key fingerprints as OpenSSH prints them (<c>SHA256:...</c>). Empty: every connection is refused with an
    /// error showing the fingerprint the server presented.
    /// </summary>
    public IReadOnlyList<string> HostKeyFingerprints { get; init; } = [];

    /// <summary>Time allowed to connect and authenticate; default 30 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = ConnectTimeoutSetting.DefaultValue;

    /// <summary>Time allowed for one SFTP request (listing, open, one read); default 60 s. SSH.NET's own default is infinite.</summary>
    public TimeSpan OperationTimeout { get; init; } = OperationTimeoutSetting.DefaultValue;

    /// <summary>
    /// When a file counts as settled: two listings settle_interval apart (default 30 s) agree on it, it is older than min_age,
    /// it has its done marker (<c>{name}.done</c> per file or <c>_SUCCESS</c> per folder; markers are never ingested).
    /// </summary>
    public ReadinessSettings Readiness { get; init; } = new() { SettleInterval = SettleIntervalSetting.DefaultValue };

    /// <summary>
    /// The key exchange algorithms offered, most preferred first. The default offers the post-quantum hybrids first (ML-KEM,
    /// then sntrup761), as OpenSSH does, then curve25519 and the rest of SSH.NET's list. sntrup761 costs about 0.15 s of CPU
    /// per connection in SSH.NET's managed code; a list such as <c>[curve25519-sha256]</c> trades that protection for the time.
    /// A configured list offers exactly those algorithms.
    /// </summary>
    public IReadOnlyList<string> KeyExchange { get; init; } = DefaultKeyExchange;

    /// <summary>The default <see cref="KeyExchange"/> order.</summary>
    public static IReadOnlyList<string> DefaultKeyExchange { get; } =
    [
        "mlkem768x25519-sha256", "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
        "curve25519-sha256", "curve25519-sha256@libssh.org",
        "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
        "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
        "diffie-hellman-group14-sha256",
    ];

    /// <summary>Files transferred at the same time over the one connection; default 4. Big files gain nothing, many small ones a lot.</summary>
    public int ParallelTransfers { get; init; } = ParallelTransfersSetting.Default;

    /// <summary>Attempts per operation (connect, listing, each file) when the failure is transient; default 4, 1 = no retry.</summary>
    public int MaxAttempts { get; init; } = MaxAttemptsSetting.Default;

    /// <summary>First retry delay; doubles per attempt, with jitter; default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = RetryDelaySetting.DefaultValue;

    /// <summary>host:port, for messages.</summary>
    internal string Endpoint => $"{Host}:{Port}";

    /// <summary>Reads and validates the source-level keys of an <c>sftp</c> source.</summary>
    public static SftpSettings Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var password = node.OptionalString("password");
        var keyNode = node.Child("private_key");
        var keyEnvNode = node.Child("private_key_env");
        if (password is null && keyNode is null && keyEnvNode is null)
        {
            throw node.Error("an sftp source needs one of password, private_key (a file) or private_key_env (a variable holding the key)");
        }
        if (keyNode is not null && keyEnvNode is not null)
        {
            throw keyEnvNode.Error("give either private_key or private_key_env, not both");
        }
        string? keyText = null;
        string? keyEnv = null;
        if (keyEnvNode is not null)
        {
            keyEnv = keyEnvNode.AsString();
            keyText = Environment.GetEnvironmentVariable(keyEnv);
            if (string.IsNullOrWhiteSpace(keyText))
            {
                throw keyEnvNode.Error($"environment variable '{keyEnv}' is not set or empty (it must hold the private key text)");
            }
        }
        string? keyPath = null;
        if (keyNode is not null)
        {
            keyPath = keyNode.AsPath();
            if (!File.Exists(keyPath))
            {
                throw keyNode.Error($"private key file '{keyPath}' does not exist");
            }
        }
        return new SftpSettings
        {
            Host = node.Text("host"),
            Port = node.Get(SftpSettings.PortSetting),
            Username = node.Text("username"),
            Password = password,
            PrivateKeyPath = keyPath,
            PrivateKeyEnv = keyEnv,
            PrivateKeyText = keyText,
            Passphrase = node.OptionalString("passphrase"),
            HostKeyFingerprints = ParseFingerprints(node.Child("host_key_fingerprint")),
            ConnectTimeout = node.Get(SftpSettings.ConnectTimeoutSetting),
            OperationTimeout = node.Get(SftpSettings.OperationTimeoutSetting),
            Readiness = ReadinessSettings.Parse(node, SettleIntervalSetting),
            MaxAttempts = node.Get(SftpSettings.MaxAttemptsSetting),
            ParallelTransfers = node.Get(SftpSettings.ParallelTransfersSetting),
            KeyExchange = ParseKeyExchange(node.Child("key_exchange")),
            RetryDelay = node.Get(SftpSettings.RetryDelaySetting),
        };
    }

    private static List<string> ParseFingerprints(ConfigNode? node)
    {
        if (node is null)
        {
            return [];
        }
        var items = node.ItemsOrSingle();
        var pins = new List<string>();
        foreach (var item in items)
        {
            var text = item.AsString().Trim();
            if (!HostKeyFingerprint.IsWellFormed(text))
            {
                throw item.Error($"'{text}' is not a host key fingerprint as OpenSSH prints it (SHA256: followed by 43 base64 characters); " +
                    "`landfall check` shows the one the server presents");
            }
            pins.Add(text);
        }
        return pins;
    }

    private static IReadOnlyList<string> ParseKeyExchange(ConfigNode? node)
    {
        if (node is null)
        {
            return SftpSettings.DefaultKeyExchange;
        }
        var known = SftpConnection.SupportedKeyExchange();
        var items = node.ItemsOrSingle();
        var names = new List<string>();
        foreach (var item in items)
        {
            var name = item.AsString().Trim();
            if (!known.Contains(name))
            {
                throw item.Error($"'{name}' is not a key exchange algorithm Landfall supports; use one or more of {string.Join(", ", known)}");
            }
            names.Add(name);
        }
        if (names.Count == 0)
        {
            throw node.Error("name at least one key exchange algorithm, or leave key_exchange out for the default order");
        }
        return names;
    }
}
