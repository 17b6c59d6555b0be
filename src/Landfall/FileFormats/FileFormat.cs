using Landfall.Config;

namespace Landfall.FileFormats;

/// <summary>
/// A file entity's <c>format:</c>: what its objects are, so that their schema is read from the bytes as they stream (never a second
/// read). <c>raw</c>, the default, reads nothing and records nothing new. Written as one word (<c>format: csv</c>) or a mapping with
/// <c>type</c> and the format's options.
/// </summary>
internal sealed class FileFormat
{
    /// <summary>The <c>format.max_header_bytes</c> setting: a CSV header line longer than this is not read (and the evidence says so).</summary>
    public static readonly IntSetting MaxHeaderBytesSetting = new("max_header_bytes", 1 << 20, 1024, 64 << 20);

    /// <summary>The <c>format.sample_lines</c> setting: how many leading JSON lines give an object's keys and types.</summary>
    public static readonly IntSetting SampleLinesSetting = new("sample_lines", 1000, 1, 1_000_000);

    /// <summary>The <c>format.max_line_bytes</c> setting: a sampled JSON line longer than this ends the sample.</summary>
    public static readonly IntSetting MaxLineBytesSetting = new("max_line_bytes", 1 << 20, 1024, 64 << 20);

    /// <summary>The <c>format.max_footer_bytes</c> setting: the tail kept while a Parquet object streams; a longer footer is not read.</summary>
    public static readonly IntSetting MaxFooterBytesSetting = new("max_footer_bytes", 1 << 20, 1024, 256 << 20);

    /// <summary>The entity key.</summary>
    public const string Key = "format";

    /// <summary>The keys of the mapping form.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "type", "delimiter", "header", "compression",
        MaxHeaderBytesSetting.Key, SampleLinesSetting.Key, MaxLineBytesSetting.Key, MaxFooterBytesSetting.Key,
    ];

    /// <summary>Bytes only.</summary>
    public static FileFormat Raw { get; } = new() { Kind = FormatKind.Raw };

    public FormatKind Kind { get; init; }

    /// <summary>CSV: the field delimiter (default <c>,</c>).</summary>
    public byte Delimiter { get; init; } = (byte)',';

    /// <summary>CSV: whether the first line names the columns (default true); without, columns are named by position (<c>_1</c>, <c>_2</c>).</summary>
    public bool Header { get; init; } = true;

    /// <summary>CSV and JSON lines: gzip detection (default auto: by the object's first bytes).</summary>
    public FormatCompression Compression { get; init; } = FormatCompression.Auto;

    public int MaxHeaderBytes { get; init; } = MaxHeaderBytesSetting.Default;

    public int SampleLines { get; init; } = SampleLinesSetting.Default;

    public int MaxLineBytes { get; init; } = MaxLineBytesSetting.Default;

    public int MaxFooterBytes { get; init; } = MaxFooterBytesSetting.Default;

    /// <summary>True for <c>raw</c>: nothing is read.</summary>
    public bool IsRaw => Kind == FormatKind.Raw;

    /// <summary>Whether objects of this format have a row count (every format but raw).</summary>
    public bool CountsRows => !IsRaw;

    /// <summary>A reader for one object's bytes; null for raw.</summary>
    public SchemaSniffer? NewSniffer() => Kind switch
    {
        FormatKind.Csv => Compressible(new CsvSniffer(Delimiter, Header, MaxHeaderBytes)),
        FormatKind.Jsonl => Compressible(new JsonLinesSniffer(SampleLines, MaxLineBytes)),
        FormatKind.Parquet => new ParquetSniffer(MaxFooterBytes),
        _ => null,
    };

    private SchemaSniffer Compressible(TextSniffer inner) => Compression == FormatCompression.None ? inner : new GzipSniffer(inner, Compression == FormatCompression.Gzip);

    /// <summary>The entity's <c>format</c> key; <see cref="Raw"/> when absent.</summary>
    public static FileFormat Parse(ConfigNode? node)
    {
        if (node is null)
        {
            return Raw;
        }
        if (node.IsScalar)
        {
            return new FileFormat { Kind = ParseKind(node) };
        }
        node.OnlyKeys([.. Keys]);
        var kind = ParseKind(node.Required("type"));
        var text = kind is FormatKind.Csv or FormatKind.Jsonl;
        foreach (var key in Keys.Skip(1))
        {
            var allowed = key switch
            {
                "delimiter" or "header" => kind == FormatKind.Csv,
                "compression" => text,
                _ when key == MaxHeaderBytesSetting.Key => kind == FormatKind.Csv,
                _ when key == SampleLinesSetting.Key || key == MaxLineBytesSetting.Key => kind == FormatKind.Jsonl,
                _ when key == MaxFooterBytesSetting.Key => kind == FormatKind.Parquet,
                _ => true,
            };
            if (!allowed && node.Child(key) is { } misplaced)
            {
                throw misplaced.Error($"does not apply to format type '{kind.ToWord()}'");
            }
        }
        var delimiter = (byte)',';
        if (node.Child("delimiter") is { } d)
        {
            var value = d.AsString();
            if (value.Length != 1 || value[0] > 127 || value[0] is '"' or '\n' or '\r')
            {
                throw d.Error($"'{value}' is not a delimiter: give one ASCII character other than a quote or a newline (\",\", \";\", \"|\", \"\\t\")");
            }
            delimiter = (byte)value[0];
        }
        var compression = FormatCompression.Auto;
        if (node.Child("compression") is { } c)
        {
            var value = c.AsString();
            if (!Words.TryParse(value, out compression))
            {
                throw c.Error($"'{value}' is not a compression; expected auto, gzip or none");
            }
        }
        return new FileFormat
        {
            Kind = kind,
            Delimiter = delimiter,
            Header = node.Bool("header", true),
            Compression = compression,
            MaxHeaderBytes = node.Get(MaxHeaderBytesSetting),
            SampleLines = node.Get(SampleLinesSetting),
            MaxLineBytes = node.Get(MaxLineBytesSetting),
            MaxFooterBytes = node.Get(MaxFooterBytesSetting),
        };
    }

    private static FormatKind ParseKind(ConfigNode node)
    {
        var word = node.AsString();
        return Words.TryParse(word, out FormatKind kind)
            ? kind
            : throw node.Error($"'{word}' is not a format; expected raw, csv, jsonl or parquet");
    }
}
