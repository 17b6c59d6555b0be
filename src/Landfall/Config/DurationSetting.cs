namespace Landfall.Config;

/// <summary>
/// A duration setting (<see cref="ConfigDuration"/> syntax): its key, default and bounds written once, for parsing
/// (<see cref="ConfigNode.Get(DurationSetting)"/>), the settings type's initialiser and the docs.
/// </summary>
/// <param name="Key">The YAML key.</param>
/// <param name="Default">The value when the key is absent; null when the setting is off unless given.</param>
/// <param name="Min">The shortest duration accepted.</param>
/// <param name="Max">The longest duration accepted.</param>
public sealed record DurationSetting(string Key, TimeSpan? Default, TimeSpan Min, TimeSpan Max)
{
    /// <summary>The default, for settings that always have one.</summary>
    public TimeSpan DefaultValue => Default ?? throw new InvalidOperationException($"Setting '{Key}' has no default.");
}
