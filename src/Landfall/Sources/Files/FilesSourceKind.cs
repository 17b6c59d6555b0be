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

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(ReadinessSettings), typeof(FilesSource)];

    /// <inheritdoc />
    public string? StarterConfig => """
        # A folder on this machine or a mount: each date's files are copied into the lake, SHA-256'd as they stream.
        - name: shop                    # the source=... segment of every key; letters, digits, _ - .
          kind: files
          start_date: 2026-01-01        # the first business date with data; resume starts here
          entities:
            - name: orders              # the entity=... segment; one entity per kind of file
              directory: drop/{date}    # relative to this file; {date} is yyyy-MM-dd, {date:yyyy/MM/dd} any format
              glob: "*.csv"             # which file names to take (default *)
              # recursive: false        # also take files in sub-folders
              # allow_empty: false      # a date without files is a success with zero objects (default: it fails)
        """;
}
