namespace Landfall.Sources;

/// <summary>One entity of a built-in source kind: what is extracted for each date under one name.</summary>
internal abstract class SourceEntity
{
    /// <summary>The entity name: the <c>entity=</c> segment of its keys and its key in the manifest's outputs.</summary>
    public required string Name { get; init; }
}
