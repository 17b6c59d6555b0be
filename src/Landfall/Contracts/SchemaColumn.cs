namespace Landfall.Contracts;

/// <summary>One column of a recorded schema.</summary>
/// <param name="Name">The column's name as the data gives it (a CSV header field, a JSON key, a Parquet column path, a result column).</param>
/// <param name="Type">
/// Its type as the format gives it (<c>integer</c> in PostgreSQL, <c>number</c> or <c>string</c> in JSON lines, <c>INT64</c> in Parquet);
/// null when the format has none (a CSV header names columns only).
/// </param>
public sealed record SchemaColumn(string Name, string? Type);
