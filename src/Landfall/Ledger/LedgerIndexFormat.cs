using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Landfall.Lake;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Ledger;

/// <summary>
/// The ledger index object: gzip'd JSON lines. A header (<c>format</c>, <c>version</c>, <c>source</c>, <c>created_at</c>,
/// <c>landfall_version</c>), one line per covered manifest (<c>key</c>, <c>size</c>, <c>etag</c>, <c>last_modified</c>, and the
/// manifest verbatim in <c>body</c>, or <c>body_base64</c> when it is not UTF-8), and a trailer (<c>end</c>, <c>entries</c>) so a
/// truncated object is never taken for a shorter one. Reading is hostile: any doubt rejects the whole object.
/// </summary>
internal static class LedgerIndexFormat
{
    /// <summary>The <c>format</c> of the header.</summary>
    public const string FormatName = "landfall-ledger-index";

    /// <summary>The <c>version</c> of the header.</summary>
    public const int Version = 1;

    /// <summary>The content type of an index object.</summary>
    public const string ContentType = "application/gzip";

    /// <summary>A manifest larger than this is not copied into an index (it stays uncovered and is read itself).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The longest line a reader accepts (a body of <see cref="MaxBodyBytes"/>, escaped, and its fingerprint).</summary>
    public const int MaxLineBytes = (MaxBodyBytes * 6) + 8192;

    /// <summary>The most decompressed bytes a reader accepts from one index object.</summary>
    public const long MaxDecompressedBytes = 2L * 1024 * 1024 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        MaxDepth = 4,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Writes an index of <paramref name="entries"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, string source, DateTimeOffset createdAt, IReadOnlyList<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        WriteLine(gzip, w =>
        {
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteString("source", source);
            w.WriteString("created_at", ManifestFormat.FormatInstant(createdAt));
            w.WriteString("landfall_version", LandfallVersion.Current);
        });
        foreach (var entry in entries)
        {
            WriteLine(gzip, w =>
            {
                w.WriteString("key", entry.Info.Key);
                w.WriteNumber("size", entry.Info.Size);
                if (entry.Info.ETag is { } etag)
                {
                    w.WriteString("etag", etag);
                }
                // Round-trip format: 100 ns, as a local-folder lake lists it.
                w.WriteString("last_modified", entry.Info.LastModified.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                if (System.Text.Unicode.Utf8.IsValid(entry.Body))
                {
                    w.WriteString("body", entry.Body);
                }
                else
                {
                    w.WriteBase64String("body_base64", entry.Body);
                }
            });
        }
        WriteLine(gzip, w =>
        {
            w.WriteBoolean("end", true);
            w.WriteNumber("entries", entries.Count);
        });
    }

    /// <summary>
    /// Reads and validates the index object <paramref name="info"/> of <paramref name="source"/> from <paramref name="content"/>.
    /// Throws <see cref="InvalidDataException"/> naming the first problem.
    /// </summary>
    public static async Task<LedgerIndex> ReadAsync(Stream content, string source, LakeObjectInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        var gzip = new GZipStream(content, CompressionMode.Decompress, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            var lines = new LineReader(gzip, MaxLineBytes, MaxDecompressedBytes);
            var header = await lines.NextAsync(cancellationToken).ConfigureAwait(false) ?? throw Invalid("it is empty");
            var createdAt = ReadHeader(header, source);
            var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
            var prefix = ManifestKeys.SourcePrefix(source);
            while (true)
            {
                var line = await lines.NextAsync(cancellationToken).ConfigureAwait(false) ?? throw Invalid("it ends without its trailer (truncated)");
                using var doc = Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("end", out var end))
                {
                    if (end.ValueKind != JsonValueKind.True || !root.TryGetProperty("entries", out var n) || !n.TryGetInt32(out var count)
                        || count != entries.Count)
                    {
                        throw Invalid($"its trailer does not count the {entries.Count} entries read");
                    }
                    if (await lines.NextAsync(cancellationToken).ConfigureAwait(false) is not null)
                    {
                        throw Invalid("it has lines after its trailer");
                    }
                    return new LedgerIndex(source, info, createdAt, entries);
                }
                var entry = ReadEntry(root, prefix);
                if (!entries.TryAdd(entry.Info.Key, entry))
                {
                    throw Invalid($"it lists '{entry.Info.Key}' twice");
                }
            }
        }
    }

    private static DateTimeOffset ReadHeader(byte[] line, string source)
    {
        using var doc = Parse(line);
        var root = doc.RootElement;
        if (Str(root, "format") != FormatName)
        {
            throw Invalid($"its header is not a {FormatName}");
        }
        if (!root.TryGetProperty("version", out var v) || !v.TryGetInt32(out var version) || version != Version)
        {
            throw Invalid($"its version is not {Version}");
        }
        if (Str(root, "source") != source)
        {
            throw Invalid($"its header names source '{Str(root, "source")}', not '{source}'");
        }
        return DateTimeOffset.TryParse(Str(root, "created_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? created
            : throw Invalid("its header has no created_at");
    }

    private static LedgerEntry ReadEntry(JsonElement root, string prefix)
    {
        var key = Str(root, "key") ?? throw Invalid("an entry has no key");
        var rest = key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null;
        var slash = rest?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (rest is null || slash < 0 || ManifestKeys.DateOfPrefix(rest[..(slash + 1)]) is null || key.Contains("/../", StringComparison.Ordinal))
        {
            throw Invalid($"entry '{key}' is not a manifest key of its source ({prefix}ingest_date=.../)");
        }
        if (!root.TryGetProperty("size", out var s) || !s.TryGetInt64(out var size) || size < 0)
        {
            throw Invalid($"entry '{key}' has no size");
        }
        string? etag = null;
        if (root.TryGetProperty("etag", out var e))
        {
            etag = e.ValueKind == JsonValueKind.String ? e.GetString() : throw Invalid($"entry '{key}' has an etag that is not a string");
        }
        if (Str(root, "last_modified") is not { } lm
            || !DateTimeOffset.TryParseExact(lm, "o", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lastModified))
        {
            throw Invalid($"entry '{key}' has no last_modified");
        }
        byte[] body;
        if (root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String)
        {
            body = Encoding.UTF8.GetBytes(b.GetString()!);
        }
        else if (root.TryGetProperty("body_base64", out var b64) && b64.ValueKind == JsonValueKind.String && b64.TryGetBytesFromBase64(out var raw))
        {
            body = raw;
        }
        else
        {
            throw Invalid($"entry '{key}' has no body");
        }
        if (body.LongLength != size)
        {
            throw Invalid($"entry '{key}' records size {size} but holds {body.LongLength} bytes");
        }
        return new LedgerEntry(new LakeObjectInfo(key, size, lastModified, etag), body);
    }

    private static JsonDocument Parse(byte[] line)
    {
        try
        {
            return JsonDocument.Parse(line, ReadOptions) is { RootElement.ValueKind: JsonValueKind.Object } doc ? doc : throw Invalid("a line is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw Invalid($"a line is not valid JSON ({ex.Message})");
        }
        catch (ArgumentException ex)
        {
            throw Invalid($"a line is not valid JSON ({ex.Message})");
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static InvalidDataException Invalid(string why) => new(why);

    private static void WriteLine(Stream output, Action<Utf8JsonWriter> body)
    {
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>Splits a stream into '\n'-terminated lines, refusing a line or a total beyond the caps.</summary>
    private sealed class LineReader(Stream stream, int maxLine, long maxTotal)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly System.Buffers.ArrayBufferWriter<byte> _line = new();
        private int _start;
        private int _end;
        private long _total;

        public async Task<byte[]?> NextAsync(CancellationToken cancellationToken)
        {
            _line.ResetWrittenCount();
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    Append(newline - _start);
                    _start = newline + 1;
                    return _line.WrittenSpan.ToArray();
                }
                Append(_end - _start);
                _start = _end = 0;
                var read = await stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    // A last line without its newline is a truncated object.
                    return _line.WrittenCount == 0 ? null : throw Invalid("its last line is cut off (truncated)");
                }
                _total += read;
                if (_total > maxTotal)
                {
                    throw Invalid($"it decompresses to more than {maxTotal} bytes");
                }
                _end = read;
            }
        }

        private void Append(int count)
        {
            if (_line.WrittenCount + count > maxLine)
            {
                throw Invalid($"a line is longer than {maxLine} bytes");
            }
            System.Buffers.BuffersExtensions.Write(_line, _buffer.AsSpan(_start, count));
        }
    }
}
