namespace Landfall.Cli.Output;

/// <summary>RFC 4180 rows: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
internal static class Csv
{
    public static string Row(params string[] fields) => string.Join(",", fields.Select(Field));

    private static string Field(string value) => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
