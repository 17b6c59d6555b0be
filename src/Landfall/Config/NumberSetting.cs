namespace Landfall.Config;

/// <summary>
/// A decimal-number setting (a ratio such as <c>0.5</c>): its key, default and bounds written once, for parsing
/// (<see cref="ConfigNode.Get(NumberSetting)"/>), the settings type's initialiser and the docs.
/// </summary>
/// <param name="Key">The YAML key.</param>
/// <param name="Default">The value when the key is absent.</param>
/// <param name="Min">The smallest value accepted.</param>
/// <param name="Max">The largest value accepted.</param>
public sealed record NumberSetting(string Key, double Default, double Min, double Max);
