using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Cli.Output;

/// <summary>How values are shown: human sizes and times, and the --json serializer.</summary>
internal static class Formats
{
    public static JsonSerializerOptions Json { get; } = CreateJson();

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Date(DateOnly? date) => date is { } d ? ManifestKeys.FormatDate(d) : "-";

    public static string Instant(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    public static string Duration(long? ms) => ms switch
    {
        null => "-",
        < 1000 => $"{ms} ms",
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.0} s"),
        _ => TimeSpan.FromMilliseconds(ms.Value).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static void WriteJson<T>(TextWriter writer, T value) =>
        writer.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T))));

    /// <summary>Writes a JSON array item by item, as the items come: a long listing never sits whole in memory.</summary>
    public static async Task<int> WriteJsonArrayAsync<T>(TextWriter writer, IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var info = (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));
        var count = 0;
        await writer.WriteAsync("[").ConfigureAwait(false);
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(count++ == 0 ? "\n" : ",\n").ConfigureAwait(false);
            await writer.WriteAsync(JsonSerializer.Serialize(item, info)).ConfigureAwait(false);
        }
        await writer.WriteLineAsync(count == 0 ? "]" : "\n]").ConfigureAwait(false);
        return count;
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new ManifestFormat.DateConverter());
        options.Converters.Add(new ManifestFormat.InstantConverter());
        options.TypeInfoResolver = CliJsonContext.Default;
        options.MakeReadOnly();
        return options;
    }
}
