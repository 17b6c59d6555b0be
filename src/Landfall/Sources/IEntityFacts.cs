using Landfall.FileFormats;

namespace Landfall.Sources;

/// <summary>What the runner and the config need to know of a built-in kind's entities: their file format, and whether rows are counted.</summary>
internal interface IEntityFacts
{
    /// <summary>The entity's file format, when it has one other than raw (its objects' schema is read as they stream); null otherwise.</summary>
    FileFormat? FormatOf(string entity);

    /// <summary>Whether the entity's manifests record rows (tabular kinds; file entities with a format).</summary>
    bool CountsRows(string entity);
}
