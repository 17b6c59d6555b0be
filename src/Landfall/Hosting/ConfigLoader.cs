using System.Text;
using Landfall.Config;
using Landfall.Contracts;
using Landfall.Lake;
using Landfall.Planning;
using Landfall.Reconcile;
using Landfall.Sources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Landfall.Hosting;

/// <summary>Reads and validates landfall.yaml; every error is a <see cref="ConfigException"/> naming file, line and key.</summary>
public static class ConfigLoader
{
    /// <summary>A config file larger than this is refused before it is read whole (it cannot be a config file).</summary>
    public const int MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>The top-level keys of a config file.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["env", "lake", "schedule", "sources", Telemetry.TelemetrySettings.Key];

    /// <summary>Loads <paramref name="path"/> with the built-in kinds.</summary>
    public static LandfallConfig Load(string path) => Load(path, LandfallKinds.BuiltIn);

    /// <summary>Loads <paramref name="path"/>; <paramref name="kinds"/> are the source and lake kinds its <c>kind:</c> values may name.</summary>
    public static LandfallConfig Load(string path, LandfallKinds kinds)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var text = Read(path);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, baseDirectory, kinds);
    }

    /// <summary>Parses config text with the built-in kinds; <paramref name="file"/> is the name used in messages.</summary>
    public static LandfallConfig Parse(string text, string file, string baseDirectory) => Parse(text, file, baseDirectory, LandfallKinds.BuiltIn);

    /// <summary>Parses config text; <paramref name="file"/> is the name used in messages.</summary>
    public static LandfallConfig Parse(string text, string file, string baseDirectory, LandfallKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(text);
        var tab = FindTab(text);
        if (tab > 0)
        {
            throw new ConfigException(file, tab, "", "a tab is used for indentation; YAML needs spaces");
        }
        var stream = new YamlStream();
        var parser = new Parser(new StringReader(text));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, e.Start.Line, "", $"not valid YAML: {Inner(e)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException
            or InvalidCastException or IndexOutOfRangeException)
        {
            // The parser gave up without a position (an unclosed flow mapping, for one): the line it last read is where to look.
            var line = parser.Current?.End.Line ?? 0;
            throw new ConfigException(file, line, "",
                "not valid YAML near here: the parser could not go on. Look for an unclosed '{', '[' or quote", e);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ConfigException(file, 0, "", "the config file is empty");
        }
        var root = new ConfigNode(stream.Documents[0].RootNode, file, "", baseDirectory);
        root.OnlyKeys([.. Keys]);

        var sources = new List<ISource>();
        var policies = new Dictionary<string, SourcePolicy>(StringComparer.Ordinal);
        var reconcile = new Dictionary<string, ReconcileSettings>(StringComparer.Ordinal);
        var contracts = new Dictionary<string, SourceContracts>(StringComparer.Ordinal);
        var sourcesNode = root.Required("sources");
        foreach (var s in sourcesNode.Items())
        {
            var source = ParseSource(s, kinds.Sources);
            policies[source.Name] = SourcePolicy.Parse(s);
            if (sources.Any(x => x.Name == source.Name))
            {
                throw s.Required("name").Error($"source '{source.Name}' is defined twice");
            }
            sources.Add(source);
            // The same section for every kind, read here rather than by each kind.
            reconcile[source.Name] = ReconcileSettings.Parse(s.Child(ReconcileSettings.Key));
            // The entities' contracts, the same keys for every kind (the kind let them through).
            contracts[source.Name] = SourceContracts.Parse(s, entity => (source as IEntityFacts)?.CountsRows(entity) ?? true);
        }
        if (sources.Count == 0)
        {
            throw sourcesNode.Error("must list at least one source");
        }
        // Before the warnings are taken: a malformed endpoint is one.
        var telemetry = Telemetry.TelemetrySettings.Parse(root.Child(Telemetry.TelemetrySettings.Key));
        return new LandfallConfig
        {
            FilePath = file,
            Env = root.Child("env")?.AsName() ?? LandfallConfig.DefaultEnv,
            Lake = ParseLake(root.Child("lake"), file, baseDirectory, kinds.Lakes),
            Schedule = ScheduleSettings.Parse(root.Child("schedule")),
            Sources = sources,
            Policies = policies,
            Warnings = [.. root.Warnings],
            Reconcile = reconcile,
            Contracts = contracts,
            Telemetry = telemetry,
        };
    }

    /// <summary>The file's text: bounded (a device or a huge file is refused before it is read whole), strictly UTF-8.</summary>
    private static string Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            using var buffer = new MemoryStream();
            var chunk = new byte[1 << 16];
            int n;
            while ((n = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + n > MaxFileBytes)
                {
                    throw new ConfigException(path, 0, "", $"is larger than {MaxFileBytes / (1024 * 1024)} MiB; that cannot be a landfall.yaml");
                }
                buffer.Write(chunk, 0, n);
            }
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, "", $"cannot read the config file: {e.Message}", e);
        }
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? e.Index : 0;
            var line = 1 + bytes.AsSpan(0, Math.Min(at, bytes.Length)).Count((byte)'\n');
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? string.Join(" ", unknown.Select(b => $"0x{b:X2}")) : "?";
            throw new ConfigException(path, line, "", $"is not valid UTF-8 (byte {bad}); save the file as UTF-8", e);
        }
    }

    private static ISource ParseSource(ConfigNode node, IReadOnlyList<ISourceKind> kinds)
    {
        var kindNode = node.Required("kind");
        var kindName = kindNode.AsString();
        var kind = kinds.FirstOrDefault(k => k.Kind == kindName)
            ?? throw kindNode.Error(kinds.Count == 0
                ? $"unknown kind '{kindName}': no source kind is registered with this host (AddBuiltInKinds(), or AddFilesSource() and the like)"
                : $"unknown kind '{kindName}'; expected one of: {string.Join(", ", kinds.Select(k => k.Kind))}");
        node.OnlyKeys(["name", "kind", "start_date", "entities", ReconcileSettings.Key, .. SourcePolicy.Keys, .. kind.SourceKeys]);
        var name = node.Required("name").AsName();
        var startDate = node.Required("start_date").AsDate();
        return kind.Create(name, startDate, node);
    }

    private static LakeSettings ParseLake(ConfigNode? node, string file, string baseDirectory, IReadOnlyList<ILakeKind> kinds)
    {
        if (node is null)
        {
            return kinds.Select(k => k.DefaultFor(baseDirectory)).FirstOrDefault(d => d is not null)
                ?? throw new ConfigException(file, 0, "lake", "is required: no registered lake kind provides a default lake " +
                    $"(registered: {(kinds.Count == 0 ? "none" : string.Join(", ", kinds.Select(k => k.Kind)))})");
        }
        var kindNode = node.Required("kind");
        var kindName = kindNode.AsString();
        var kind = kinds.FirstOrDefault(k => k.Kind == kindName)
            ?? throw kindNode.Error(kinds.Count == 0
                ? $"unknown lake kind '{kindName}': no lake kind is registered with this host (AddBuiltInKinds(), or AddLocalLake() and the like)"
                : $"unknown lake kind '{kindName}'; expected {string.Join(" or ", kinds.Select(k => k.Kind))}");
        node.OnlyKeys([.. kind.Keys]);
        return kind.Parse(node);
    }

    private static long FindTab(string text)
    {
        var line = 1;
        var atLineStart = true;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                line++;
                atLineStart = true;
            }
            else if (atLineStart && c == '\t')
            {
                return line;
            }
            else if (c != ' ')
            {
                atLineStart = false;
            }
        }
        return 0;
    }

    private static string Inner(YamlException e) => (e.InnerException as YamlException)?.Message ?? e.Message;
}
