using Landfall.Config;

namespace Landfall.Sources;

/// <summary>A kind of source: parses and validates its config section into an <see cref="ISource"/>.</summary>
public interface ISourceKind
{
    /// <summary>The <c>kind:</c> value in the config.</summary>
    string Kind { get; }

    /// <summary>Keys this kind accepts besides name, kind, start_date and entities.</summary>
    IReadOnlyList<string> SourceKeys { get; }

    /// <summary>Builds the source from its validated common fields and its config node (errors name file, line and key).</summary>
    ISource Create(string name, DateOnly startDate, ConfigNode node);
}
