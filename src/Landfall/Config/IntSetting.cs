namespace Landfall.Config;

/// <summary>
/// A whole-number setting: its key, default and bounds written once, for parsing (<see cref="ConfigNode.Get(IntSetting)"/>), the
/// settings type's initialiser and the docs.
/// </summary>
/// <param name="Key">The YAML key.</param>
/// <param name="Default">The value when the key is absent.</param>
/// <param name="Min">The smallest value accepted.</param>
/// <param name="Max">The largest value accepted.</param>
public sealed record IntSetting(string Key, int Default, int Min, int Max);
