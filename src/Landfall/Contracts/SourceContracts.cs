using Landfall.Config;

namespace Landfall.Contracts;

/// <summary>The contracts of one source's entities, read from its config node the same way for every kind.</summary>
internal sealed class SourceContracts
{
    private readonly Dictionary<string, EntityContract> _entities;

    private SourceContracts(Dictionary<string, EntityContract> entities) => _entities = entities;

    /// <summary>A source with no contract beyond the defaults.</summary>
    public static SourceContracts None { get; } = new(new Dictionary<string, EntityContract>(StringComparer.Ordinal));

    /// <summary>The contract of <paramref name="entity"/>; the default when it sets none.</summary>
    public EntityContract Of(string entity) => _entities.TryGetValue(entity, out var c) ? c : EntityContract.Default;

    /// <summary>Whether any entity has a trailing check (the run then reads earlier successes even for entities without a schema).</summary>
    public bool AnyTrailing => _entities.Values.Any(c => c.Trailing is not null);

    /// <summary>
    /// Reads the contract keys of every entity of a source <paramref name="node"/> (already validated by its kind);
    /// <paramref name="countsRows"/> says whether an entity records rows.
    /// </summary>
    public static SourceContracts Parse(ConfigNode node, Func<string, bool> countsRows)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(countsRows);
        var entities = new Dictionary<string, EntityContract>(StringComparer.Ordinal);
        foreach (var item in node.Required("entities").Items())
        {
            if (!item.IsScalar && item.Child("name") is { } name && EntityContract.Keys.Any(k => item.Child(k) is not null))
            {
                var entity = name.AsString();
                entities[entity] = EntityContract.Parse(item, countsRows(entity));
            }
        }
        return entities.Count == 0 ? None : new SourceContracts(entities);
    }
}
