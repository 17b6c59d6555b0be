using Landfall.Config;
using Landfall.Contracts;

namespace Landfall.Sources;

/// <summary>The <c>entities:</c> list of a source, parsed the same way for every kind.</summary>
public static class SourceEntities
{
    /// <summary>
    /// Reads every item of <paramref name="source"/>'s required <c>entities</c> list: only <c>name</c>, <paramref name="keys"/> and the
    /// contract keys every kind shares (<c>schema_contract</c>, <c>accept_schema_from</c>, <c>expect</c>, read by the config loader) are
    /// accepted, names are unique and usable in keys, and at least one entity is given. <paramref name="create"/> builds one entity
    /// from its name and its node (its errors name file, line and key like every other).
    /// </summary>
    public static IReadOnlyList<T> Parse<T>(ConfigNode source, IReadOnlyList<string> keys, Func<string, ConfigNode, T> create)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(create);
        var list = source.Required("entities");
        var entities = new List<T>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.Items())
        {
            // The contract keys (schema_contract, accept_schema_from, expect) are every kind's; the config loader reads them.
            item.OnlyKeys(["name", .. keys, .. EntityContract.Keys]);
            var nameNode = item.Required("name");
            var name = nameNode.AsName();
            if (!names.Add(name))
            {
                throw nameNode.Error($"entity '{name}' is defined twice");
            }
            entities.Add(create(name, item));
        }
        if (entities.Count == 0)
        {
            throw list.Error("must list at least one entity");
        }
        return entities;
    }
}
