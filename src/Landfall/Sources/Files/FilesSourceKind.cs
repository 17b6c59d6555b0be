using Landfall.Config;

namespace Landfall.Sources.Files;

/// <summary>The <c>files</c> kind: a local or mounted folder.</summary>
public sealed class FilesSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "files";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys { get; } = [];

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var entities = new List<FilesEntity>();
        foreach (var e in node.Required("entities").Items())
        {
            e.OnlyKeys("name", "directory", "glob", "recursive", "allow_empty");
            var entityName = e.Required("name").AsName();
            if (entities.Any(x => x.Name == entityName))
            {
                throw e.Required("name").Error($"entity '{entityName}' is defined twice");
            }
            var dirNode = e.Required("directory");
            DateTemplate directory;
            try
            {
                // Parse the template as written (the config's folder may itself hold braces), then anchor it.
                var text = dirNode.AsString();
                DateTemplate.Parse(text);
                directory = DateTemplate.Parse(Path.IsPathRooted(text) ? text : Path.Combine(node.BaseDirectory, text), literalPrefix: !Path.IsPathRooted(text) ? node.BaseDirectory : null);
            }
            catch (FormatException ex)
            {
                throw dirNode.Error($"bad template: {ex.Message}");
            }
            var glob = e.GlobOrAll("glob");
            entities.Add(new FilesEntity
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
        return new FilesSource(name, startDate, entities);
    }
}
