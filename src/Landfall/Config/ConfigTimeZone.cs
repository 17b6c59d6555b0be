namespace Landfall.Config;

/// <summary>The one time-zone parser of landfall.yaml: IANA names (UTC, Europe/Paris).</summary>
public static class ConfigTimeZone
{
    /// <summary>The zone named by <paramref name="node"/>; an error naming the key when unknown.</summary>
    public static TimeZoneInfo Parse(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var id = node.AsString();
        return id.Length > 0 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw node.Error($"'{id}' is not a known time zone (use an IANA name such as UTC or Europe/Paris)");
    }
}
