using Landfall.Config;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Lake.S3;
using Landfall.Reconcile;
using Landfall.Runs;
using Landfall.Sources;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Landfall.Hosting;

/// <summary>Reads and validates landfall.yaml; every error is a <see cref="ConfigException"/> naming file, line and key.</summary>
public static class ConfigLoader
{
    /// <summary>The top-level keys of a config file.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["env", "lake", "schedule", "sources"];

    /// <summary>Loads <paramref name="path"/> with the built-in source kinds.</summary>
    public static LandfallConfig Load(string path) => Load(path, BuiltInSourceKinds.All);

    /// <summary>Loads <paramref name="path"/>; <paramref name="kinds"/> are the source kinds its <c>kind:</c> values may name.</summary>
    public static LandfallConfig Load(string path, IReadOnlyList<ISourceKind> kinds)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, 0, "", $"cannot read the config file: {e.Message}", e);
        }
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(text, path, baseDirectory, kinds);
    }

    /// <summary>Parses config text with the built-in source kinds; <paramref name="file"/> is the name used in messages.</summary>
    public static LandfallConfig Parse(string text, string file, string baseDirectory) => Parse(text, file, baseDirectory, BuiltInSourceKinds.All);

    /// <summary>Parses config text; <paramref name="file"/> is the name used in messages.</summary>
    public static LandfallConfig Parse(string text, string file, string baseDirectory, IReadOnlyList<ISourceKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(text);
        var tab = FindTab(text);
        if (tab > 0)
        {
            throw new ConfigException(file, tab, "", "a tab is used for indentation; YAML needs spaces");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ConfigException(file, e.Start.Line, "", $"not valid YAML: {Inner(e)}", e);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ConfigException(file, 0, "", "the config file is empty");
        }
        var root = new ConfigNode(stream.Documents[0].RootNode, file, "", baseDirectory);
        root.OnlyKeys([.. Keys]);

        var sources = new List<ISource>();
        var reconcile = new Dictionary<string, ReconcileSettings>(StringComparer.Ordinal);
        var sourcesNode = root.Required("sources");
        foreach (var s in sourcesNode.Items())
        {
            var source = ParseSource(s, kinds);
            if (sources.Any(x => x.Name == source.Name))
            {
                throw s.Required("name").Error($"source '{source.Name}' is defined twice");
            }
            sources.Add(source);
            // The same section for every kind, read here rather than by each kind.
            reconcile[source.Name] = ReconcileSettings.Parse(s.Child(ReconcileSettings.Key));
        }
        if (sources.Count == 0)
        {
            throw sourcesNode.Error("must list at least one source");
        }
        return new LandfallConfig
        {
            FilePath = file,
            Env = root.Child("env")?.AsName() ?? LandfallConfig.DefaultEnv,
            Lake = ParseLake(root.Child("lake"), baseDirectory),
            Schedule = ScheduleSettings.Parse(root.Child("schedule")),
            Sources = sources,
            Reconcile = reconcile,
        };
    }

    private static ISource ParseSource(ConfigNode node, IReadOnlyList<ISourceKind> kinds)
    {
        var kindNode = node.Required("kind");
        var kindName = kindNode.AsString();
        var kind = kinds.FirstOrDefault(k => k.Kind == kindName)
            ?? throw kindNode.Error($"unknown kind '{kindName}'; expected one of: {string.Join(", ", kinds.Select(k => k.Kind))}");
        node.OnlyKeys(["name", "kind", "start_date", "entities", ReconcileSettings.Key, .. kind.SourceKeys]);
        var name = node.Required("name").AsName();
        var startDate = node.Required("start_date").AsDate();
        return kind.Create(name, startDate, node);
    }

    private static LakeSettings ParseLake(ConfigNode? node, string baseDirectory)
    {
        if (node is null)
        {
            return new LocalLakeSettings { Path = Path.GetFullPath(Path.Combine(baseDirectory, "lake")) };
        }
        var kindNode = node.Required("kind");
        return kindNode.AsString() switch
        {
            LocalLakeSettings.KindName => LocalLakeSettings.Parse(node),
            S3LakeSettings.KindName => S3LakeSettings.Parse(node),
            var other => throw kindNode.Error($"unknown lake kind '{other}'; expected local or s3"),
        };
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
