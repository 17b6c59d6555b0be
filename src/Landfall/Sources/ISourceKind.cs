using Landfall.Config;

namespace Landfall.Sources;

/// <summary>
/// A kind of source: parses and validates its config section into an <see cref="ISource"/>. Registered with
/// <see cref="Hosting.LandfallHostBuilder.AddSourceKind"/>; the built-in ones by their own extension method (<c>AddFilesSource()</c>, ...).
/// </summary>
public interface ISourceKind
{
    /// <summary>The <c>kind:</c> value in the config.</summary>
    string Kind { get; }

    /// <summary>Keys this kind accepts besides name, kind, start_date and entities.</summary>
    IReadOnlyList<string> SourceKeys { get; }

    /// <summary>Builds the source from its validated common fields and its config node (errors name file, line and key).</summary>
    ISource Create(string name, DateOnly startDate, ConfigNode node);

    /// <summary>The types whose public <c>*Setting</c> fields are this kind's settings, for the settings reference.</summary>
    IReadOnlyList<Type> SettingsTypes => [];

    /// <summary>A commented example source of this kind for <c>landfall init</c>: one YAML list item (<c>- name: ...</c>, no indentation); null for none.</summary>
    string? StarterConfig => null;
}
