namespace Landfall.FileFormats;

/// <summary>What a file entity's objects are, for reading their schema as they stream (<c>format:</c>).</summary>
internal enum FormatKind
{
    /// <summary>Bytes only (the default): nothing is read from them.</summary>
    Raw,

    /// <summary>Delimited text with a header line.</summary>
    Csv,

    /// <summary>JSON lines: one JSON object per line.</summary>
    Jsonl,

    /// <summary>Apache Parquet: the schema is in the footer at the end of the object.</summary>
    Parquet,
}

/// <summary>How a text format's bytes are compressed.</summary>
internal enum FormatCompression
{
    /// <summary>gzip when the object starts with gzip's magic bytes, else none.</summary>
    Auto,

    /// <summary>Always gzip.</summary>
    Gzip,

    /// <summary>Never compressed.</summary>
    None,
}
