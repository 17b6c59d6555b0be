using Landfall.Config;

namespace Landfall.Lake;

/// <summary>
/// A kind of lake (<c>lake: kind: ...</c>): parses and validates its config section and opens the lake it describes. Registered with
/// <see cref="Hosting.LandfallHostBuilder.AddLakeKind"/>; the built-in ones by their own extension method
/// (<c>AddLocalLake()</c>, <c>AddS3Lake()</c>).
/// </summary>
public interface ILakeKind
{
    /// <summary>The <c>kind:</c> value in the config.</summary>
    string Kind { get; }

    /// <summary>Every key the section accepts, <c>kind</c> included.</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>Reads and validates the section (errors name file, line and key).</summary>
    LakeSettings Parse(ConfigNode node);

    /// <summary>
    /// Opens the lake <paramref name="settings"/> (as <see cref="Parse"/> made them) describe. Reaches nothing yet (no request is made),
    /// but settings that cannot be used fail here, as a <see cref="LandfallException"/> or <see cref="ArgumentException"/>.
    /// </summary>
    ILake Open(LakeSettings settings, LakeOpenContext context);

    /// <summary>The lake of a config without a <c>lake:</c> section, beside the config file; null when this kind has no such default.</summary>
    LakeSettings? DefaultFor(string configDirectory) => null;

    /// <summary>The types whose public <c>*Setting</c> fields are this kind's settings, for the settings reference.</summary>
    IReadOnlyList<Type> SettingsTypes => [];

    /// <summary>The keys of a commented starter <c>lake:</c> section for <c>landfall init</c> (no indentation); null for none.</summary>
    string? StarterConfig => null;
}
