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
