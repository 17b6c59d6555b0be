using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Landfall.Config;

/// <summary>
/// A YAML node with its place in the file, so every validation error can name file, line and key path.
/// Scalars get <c>${ENV_VAR}</c> substitution when read.
/// </summary>
public sealed partial class ConfigNode
{
    private readonly List<ConfigWarning> _warnings;

    internal ConfigNode(YamlNode node, string file, string path, string baseDirectory)
        : this(node, file, path, baseDirectory, [])
    {
    }

    private ConfigNode(YamlNode node, string file, string path, string baseDirectory, List<ConfigWarning> warnings) =>
        (Node, File, Path, BaseDirectory, _warnings) = (node, file, path, baseDirectory, warnings);

    private YamlNode Node { get; }

    /// <summary>The warnings recorded so far by this node and every node of the same file.</summary>
    internal IReadOnlyList<ConfigWarning> Warnings => _warnings;

    /// <summary>The config file name as the user gave it.</summary>
    public string File { get; }

    /// <summary>The key path of this node (<c>sources[0].entities[1]</c>).</summary>
    public string Path { get; }

    /// <summary>The folder relative paths resolve against: the config file's folder.</summary>
    public string BaseDirectory { get; }

    /// <summary>1-based line of the node.</summary>
    public long Line => Node.Start.Line;

    /// <summary>An error at this node.</summary>
    public ConfigException Error(string problem) => new(File, Line, Path, problem);

    /// <summary>
    /// Records a warning at this node: the config loads, and the host logs it (<c>config_warning</c>) and keeps it in
    /// <c>LandfallConfig.Warnings</c>.
    /// </summary>
    public void Warn(string problem) => _warnings.Add(new ConfigWarning(File, Line, Path, problem));

    /// <summary>Fails when the mapping has keys other than <paramref name="allowed"/> (typos must not be silently ignored).</summary>
    public void OnlyKeys(params string[] allowed)
    {
        foreach (var (key, _) in Mapping.Children)
        {
            if (key is not YamlScalarNode scalarKey)
            {
                throw new ConfigException(File, key.Start.Line, Path, "a key must be a plain name, not a list or a mapping");
            }
            var name = scalarKey.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new ConfigException(File, key.Start.Line, Join(name),
                    $"unknown key '{name}'; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>The child at <paramref name="key"/>, or null when absent or null.</summary>
    public ConfigNode? Child(string key)
    {
        if (!Mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
        {
            return null;
        }
        if (child is YamlScalarNode { Value: null or "" or "~" or "null", Style: YamlDotNet.Core.ScalarStyle.Plain })
        {
            return null;
        }
        return new ConfigNode(child, File, Join(key), BaseDirectory, _warnings);
    }

    /// <summary>The child at <paramref name="key"/>; an error naming the key when missing.</summary>
    public ConfigNode Required(string key) => Child(key) ?? throw new ConfigException(File, Line, Join(key), "is required");

    /// <summary>A string scalar, with <c>${ENV}</c> substituted.</summary>
    public string AsString()
    {
        if (Node is not YamlScalarNode scalar)
        {
            throw Error($"must be a single value, not a {Kind(Node)}");
        }
        return Substitute(scalar.Value ?? "");
    }

    /// <summary>A required string child.</summary>
    public string Text(string key) => Required(key).AsString();

    /// <summary>An optional string child.</summary>
    public string? OptionalString(string key) => Child(key)?.AsString();

    /// <summary>An optional boolean child.</summary>
    public bool Bool(string key, bool defaultValue)
    {
        var child = Child(key);
        if (child is null)
        {
            return defaultValue;
        }
        return child.AsString().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var other => throw child.Error($"'{other}' is not a boolean (use true or false)"),
        };
    }

    /// <summary>The whole number at <paramref name="setting"/>'s key, its default when absent; an error naming the key when out of bounds.</summary>
    public int Get(IntSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var child = Child(setting.Key);
        if (child is null)
        {
            return setting.Default;
        }
        var text = child.AsString();
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw child.Error($"'{text}' is not a whole number");
        }
        if (value < setting.Min || value > setting.Max)
        {
            throw child.Error($"{value} is out of range ({setting.Min} to {setting.Max})");
        }
        return value;
    }

    /// <summary>The decimal number at <paramref name="setting"/>'s key (<c>0.5</c>, <c>2</c>), its default when absent; an error naming the key when out of bounds.</summary>
    public double Get(NumberSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var child = Child(setting.Key);
        if (child is null)
        {
            return setting.Default;
        }
        var text = child.AsString().Trim();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw child.Error($"'{text}' is not a number (such as 0.5 or 2)");
        }
        if (value < setting.Min || value > setting.Max)
        {
            throw child.Error(string.Create(CultureInfo.InvariantCulture, $"{value} is out of range ({setting.Min} to {setting.Max})"));
        }
        return value;
    }

    /// <summary>The duration at <paramref name="setting"/>'s key (<see cref="ConfigDuration"/> syntax), its default when absent.</summary>
    public TimeSpan? GetOptional(DurationSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var child = Child(setting.Key);
        if (child is null)
        {
            return setting.Default;
        }
        var text = child.AsString().Trim();
        var value = ConfigDuration.TryParse(text)
            ?? throw child.Error($"'{text}' is not a duration (a number and a unit: 500ms, 30s, 15m, 2h, 1d; or 0)");
        if (value < setting.Min || value > setting.Max)
        {
            throw child.Error($"{text} is out of range ({ConfigDuration.Format(setting.Min)} to {ConfigDuration.Format(setting.Max)})");
        }
        return value;
    }

    /// <summary>As <see cref="GetOptional(DurationSetting)"/>, for a setting that always has a default.</summary>
    public TimeSpan Get(DurationSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return GetOptional(setting) ?? setting.DefaultValue;
    }

    /// <summary>A date (YYYY-MM-DD).</summary>
    public DateOnly AsDate()
    {
        var text = AsString();
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw Error($"'{text}' is not a date (expected YYYY-MM-DD)");
        }
        return date;
    }

    /// <summary>A path resolved against the config file's folder.</summary>
    public string AsPath()
    {
        var text = AsString();
        if (text.Length == 0)
        {
            throw Error("must not be empty");
        }
        try
        {
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(BaseDirectory, text));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error($"'{text}' is not a usable path: {e.Message}");
        }
    }

    /// <summary>A file-name glob child (default <c>*</c>); an error at the key when it does not parse.</summary>
    internal Glob GlobOrAll(string key)
    {
        var child = Child(key);
        if (child is not null && child.AsString().Length == 0)
        {
            throw child.Error("must not be empty; leave the key out to take every file ('*')");
        }
        try
        {
            return Glob.Parse(child?.AsString() ?? "*");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw (child ?? this).Error($"bad glob: {e.Message}");
        }
    }

    /// <summary>
    /// A folder with date tokens: not empty, parsed as a <see cref="DateTemplate"/>, and a warning when it has no date token (every
    /// date would read the same folder).
    /// </summary>
    public DateTemplate AsFolderTemplate()
    {
        if (AsString().Length == 0)
        {
            throw Error("must not be empty: give the folder of a date's files, with a date token such as drop/{date}");
        }
        var template = AsDateTemplate();
        WarnWithoutDateToken(template, "folder");
        return template;
    }

    /// <summary>Warns when <paramref name="template"/> has no date token: every business date would read the same place.</summary>
    public void WarnWithoutDateToken(DateTemplate template, string what)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.HasDateToken)
        {
            Warn($"'{template.Text}' has no date token ({{date}} or {{date:yyyy/MM/dd}}): every business date reads the same {what}, so " +
                "each date ingests the same files again. Put the date in the path unless that is what you want");
        }
    }

    /// <summary>A date template (<see cref="DateTemplate"/>); an error at this node when it does not parse.</summary>
    public DateTemplate AsDateTemplate()
    {
        try
        {
            return DateTemplate.Parse(AsString());
        }
        catch (FormatException e)
        {
            throw Error($"bad template: {e.Message}");
        }
    }

    /// <summary>The items of a sequence.</summary>
    public IReadOnlyList<ConfigNode> Items()
    {
        if (Node is not YamlSequenceNode seq)
        {
            throw Error($"must be a list, not a {Kind(Node)}");
        }
        return seq.Children.Select((n, i) => new ConfigNode(n, File, $"{Path}[{i}]", BaseDirectory, _warnings)).ToList();
    }

    /// <summary>The items of a list, or this one value as a list of one (keys that take one value or several).</summary>
    public IReadOnlyList<ConfigNode> ItemsOrSingle() => Node is YamlSequenceNode ? Items() : [this];

    /// <summary>A name usable in lake keys: letters, digits, '_', '-', '.'; starting with a letter or digit.</summary>
    public string AsName()
    {
        var text = AsString();
        if (!NamePattern().IsMatch(text))
        {
            throw Error($"'{text}' is not a valid name (letters, digits, '_', '-' and '.', starting with a letter or digit, at most 100)");
        }
        return text;
    }

    /// <summary>Whether the node is a single value (not a list or a mapping).</summary>
    internal bool IsScalar => Node is YamlScalarNode;

    internal YamlMappingNode Mapping => Node as YamlMappingNode ?? throw Error($"must be a mapping of keys to values, not a {Kind(Node)}");

    private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    private string Substitute(string value) => EnvPattern().Replace(value, m =>
    {
        var name = m.Groups[1].Value;
        return Environment.GetEnvironmentVariable(name)
            ?? throw Error($"environment variable '{name}' is not set (referenced as ${{{name}}})");
    });

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")]
    private static partial Regex NamePattern();
}
