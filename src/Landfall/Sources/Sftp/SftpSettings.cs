namespace Landfall.Sources.Sftp;

/// <summary>How to reach and trust an SFTP server, and when a file counts as settled.</summary>
public sealed class SftpSettings
{
    /// <summary>Host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port; default 22.</summary>
    public int Port { get; init; } = 22;

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
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one SFTP request (listing, open, one read); default 60 s. SSH.NET's own default is infinite.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time between the two listings that must agree on every file's size and modification time; default 30 s.</summary>
    public TimeSpan SettleInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum age of a file's modification time (server clock vs ours) before it is taken; default none.</summary>
    public TimeSpan? MinAge { get; init; }

    /// <summary>
    /// A marker file that must exist beside the data files: <c>{name}.done</c> (one per file) or a fixed name such as
    /// <c>_SUCCESS</c> (one per folder). Marker files are never ingested. Default none.
    /// </summary>
    public string? DoneMarker { get; init; }

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
    public int ParallelTransfers { get; init; } = 4;

    /// <summary>Attempts per operation (connect, listing, each file) when the failure is transient; default 4, 1 = no retry.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First retry delay; doubles per attempt, with jitter; default 1 s.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>host:port, for messages.</summary>
    internal string Endpoint => $"{Host}:{Port}";
}
