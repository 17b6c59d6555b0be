using System.Text.Json;
using System.Text.Json.Serialization;

namespace Landfall;

/// <summary>
/// The one mapping between Landfall's enums and the words its JSON, manifests and command show: the member name in snake_case
/// (<c>NoDrift</c> is <c>no_drift</c>). <see cref="WordConverter{TEnum}"/> is the same mapping for JSON.
/// </summary>
public static class Words
{
    /// <summary>The word of <paramref name="value"/> (<c>RunStatus.Success</c> is <c>success</c>).</summary>
    public static string ToWord<TEnum>(this TEnum value)
        where TEnum : struct, Enum =>
        Table<TEnum>.Words.TryGetValue(value, out var word) ? word : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>The member whose word is <paramref name="word"/>; false for any other text.</summary>
    public static bool TryParse<TEnum>(string? word, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var (member, w) in Table<TEnum>.Words)
        {
            if (string.Equals(w, word, StringComparison.Ordinal))
            {
                value = member;
                return true;
            }
        }
        value = default;
        return false;
    }

    private static class Table<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Words =
            Enum.GetValues<TEnum>().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
    }
}

/// <summary>An enum in JSON as its word (<see cref="Words"/>); any other text or a number is an error.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
public sealed class WordConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
