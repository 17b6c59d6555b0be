using Landfall.Config;
using Landfall.Sources.Readiness;

namespace Landfall.Sources.Files;

/// <summary>The <c>files</c> kind: a local or mounted folder.</summary>
public sealed class FilesSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "files";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys { get; } = ReadinessSettings.Keys(FilesSource.SettleIntervalSetting);

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node) =>
        new FilesSource(name, startDate, ReadinessSettings.Parse(node, FilesSource.SettleIntervalSetting),
            SourceEntities.Parse(node, FolderEntity.Keys, (entityName, e) =>
        {
            var dirNode = e.Required("directory");
            DateTemplate directory;
            // Parsed as written (errors and warnings about the user's text), then anchored (the config's folder may hold braces).
            dirNode.AsFolderTemplate();
            try
            {
                var text = dirNode.AsString();
                directory = Path.IsPathRooted(text)
                    ? DateTemplate.Parse(text)
                    : DateTemplate.Parse(Path.Combine(node.BaseDirectory, text), literalPrefix: node.BaseDirectory);
            }
            catch (FormatException ex)
            {
                throw dirNode.Error($"bad template: {ex.Message}");
            }
            return FolderEntity.Parse(entityName, e, directory);
        }));
}
