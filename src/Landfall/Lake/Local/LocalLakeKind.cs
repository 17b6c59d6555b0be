using Landfall.Config;

namespace Landfall.Lake.Local;

/// <summary>The <c>local</c> lake kind: a folder on this machine; the default lake (<c>./lake</c> beside the config file).</summary>
public sealed class LocalLakeKind : ILakeKind
{
    /// <inheritdoc />
    public string Kind => LocalLakeSettings.KindName;

    /// <inheritdoc />
    public IReadOnlyList<string> Keys => LocalLakeSettings.Keys;

    /// <inheritdoc />
    public LakeSettings Parse(ConfigNode node) => LocalLakeSettings.Parse(node);

    /// <inheritdoc />
    public ILake Open(LakeSettings settings, LakeOpenContext context) => settings is LocalLakeSettings local
        ? new LocalFolderLake(local.Path)
        : throw new ArgumentException($"A {Kind} lake cannot open {settings?.Kind} settings.", nameof(settings));

    /// <inheritdoc />
    public LakeSettings? DefaultFor(string configDirectory) =>
        new LocalLakeSettings { Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(configDirectory, "lake")) };

    /// <inheritdoc />
    public string? StarterConfig => """
        kind: local
        path: ./lake
        """;
}
