using Landfall.Config;
using YamlDotNet.RepresentationModel;

namespace Landfall.Sources.Sftp;

/// <summary>The <c>sftp</c> kind: a partner's drop on an SFTP server, with a pinned host key and settled files only.</summary>
public sealed class SftpSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "sftp";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys { get; } =
    [
        "host", "port", "username", "password", "private_key", "private_key_env", "passphrase", "host_key_fingerprint",
        "connect_timeout", "operation_timeout", "settle_interval", "min_age", "done_marker", "max_attempts", "retry_delay", "parallel_transfers", "key_exchange",
    ];

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var settings = ParseSettings(node);
        var entities = new List<SftpEntity>();
        foreach (var e in node.Required("entities").Items())
        {
            e.OnlyKeys("name", "directory", "glob", "recursive", "allow_empty");
            var entityName = e.Required("name").AsName();
            if (entities.Any(x => x.Name == entityName))
            {
                throw e.Required("name").Error($"entity '{entityName}' is defined twice");
            }
            var directory = e.Required("directory").AsDateTemplate();
            var glob = e.GlobOrAll("glob");
            entities.Add(new SftpEntity
            {
                Name = entityName,
                Directory = directory,
                Glob = glob,
                Recursive = e.Bool("recursive", false),
                AllowEmpty = e.Bool("allow_empty", false),
            });
        }
        if (entities.Count == 0)
        {
            throw node.Required("entities").Error("must list at least one entity");
        }
        return new SftpSource(name, startDate, settings, entities);
    }

    private static SftpSettings ParseSettings(ConfigNode node)
    {
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
        var retryDelay = SftpDuration.Required(node, "retry_delay", TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.FromMinutes(5));
        return new SftpSettings
        {
            Host = node.Text("host"),
            Port = node.Number("port", 22, 1, 65535),
            Username = node.Text("username"),
            Password = password,
            PrivateKeyPath = keyPath,
            PrivateKeyEnv = keyEnv,
            PrivateKeyText = keyText,
            Passphrase = node.OptionalString("passphrase"),
            HostKeyFingerprints = ParseFingerprints(node.Child("host_key_fingerprint")),
            ConnectTimeout = SftpDuration.Required(node, "connect_timeout", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            OperationTimeout = SftpDuration.Required(node, "operation_timeout", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            SettleInterval = SftpDuration.Required(node, "settle_interval", TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromHours(1)),
            MinAge = SftpDuration.Optional(node, "min_age", null, TimeSpan.Zero, TimeSpan.FromDays(7)),
            DoneMarker = ParseDoneMarker(node.Child("done_marker")),
            MaxAttempts = node.Number("max_attempts", 4, 1, 20),
            ParallelTransfers = node.Number("parallel_transfers", 4, 1, 32),
            KeyExchange = ParseKeyExchange(node.Child("key_exchange")),
            RetryDelay = retryDelay,
        };
    }

    private static List<string> ParseFingerprints(ConfigNode? node)
    {
        if (node is null)
        {
            return [];
        }
        var items = node.Node is YamlSequenceNode ? node.Items() : [node];
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
        var items = node.Node is YamlSequenceNode ? node.Items() : [node];
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

    private static string? ParseDoneMarker(ConfigNode? node)
    {
        if (node is null)
        {
            return null;
        }
        var text = node.AsString();
        var probe = text.Replace("{name}", "x", StringComparison.Ordinal);
        if (text.Length == 0 || probe.Contains('/') || probe.Contains('{') || probe.Contains('}') || probe is "." or "..")
        {
            throw node.Error($"'{text}' is not a marker file name (a name such as _SUCCESS, or a pattern with {{name}} such as {{name}}.done)");
        }
        return text;
    }
}
