using System.Text.Json;
using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// JSON lines: the top-level keys of the first <c>sample_lines</c> lines and the JSON types each held (string, number, boolean,
/// object, array; null only when a key was never anything else), and the count of non-blank lines. Nested objects are recorded as
/// <c>object</c>, not flattened: a change inside one is not seen, a key that stops being an object is. Keys are compared by name
/// (JSON has no column order). One line at a time is held, up to <c>max_line_bytes</c>.
/// </summary>
internal sealed class JsonLinesSniffer(int sampleLines, int maxLineBytes) : TextSniffer
{
    private const int String = 1, Number = 2, Boolean = 4, Object = 8, Array = 16, Null = 32;

    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<byte> _line = [];
    private bool _sampling = true;
    private bool _lineTooLong;
    private long _sampled;
    private long _lineNumber;
    private long _rows;
    private bool _lineHasContent;
    private string? _problem;
    private string? _note;

    /// <inheritdoc />
    public override string Format => "jsonl";

    /// <inheritdoc />
    protected override void Read(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var at = data.IndexOf((byte)'\n');
            var segment = at < 0 ? data : data[..at];
            if (!_lineHasContent && segment.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                _lineHasContent = true;
            }
            if (_sampling)
            {
                if (!_lineTooLong && _line.Count + segment.Length > maxLineBytes)
                {
                    _lineTooLong = true;
                    _line.Clear();
                }
                else if (!_lineTooLong)
                {
                    _line.AddRange(segment);
                }
            }
            if (at < 0)
            {
                return;
            }
            EndLine();
            data = data[(at + 1)..];
        }
    }

    private void EndLine()
    {
        _lineNumber++;
        if (_lineHasContent)
        {
            _rows++;
            if (_sampling)
            {
                Sample();
            }
        }
        _line.Clear();
        _lineHasContent = false;
        _lineTooLong = false;
    }

    private void Sample()
    {
        if (_lineTooLong)
        {
            _sampling = false;
            _note = $"line {_lineNumber} is longer than max_line_bytes ({maxLineBytes} bytes): the sample stopped before it";
            return;
        }
        if (!TryKeys([.. _line], out var problem))
        {
            _sampling = false;
            _problem = $"not_json_lines: line {_lineNumber} is not a JSON object ({problem})";
            return;
        }
        if (++_sampled >= sampleLines)
        {
            _sampling = false;
        }
    }

    private bool TryKeys(ReadOnlySpan<byte> line, out string problem)
    {
        problem = "";
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = $"it starts with {(line.Length == 0 ? "nothing" : reader.TokenType.ToString())}";
                return false;
            }
            var seen = new List<(string Key, int Type)>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                var type = reader.TokenType switch
                {
                    JsonTokenType.String => String,
                    JsonTokenType.Number => Number,
                    JsonTokenType.True or JsonTokenType.False => Boolean,
                    JsonTokenType.StartObject => Object,
                    JsonTokenType.StartArray => Array,
                    _ => Null,
                };
                reader.Skip();
                seen.Add((key, type));
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = "text follows the object";
                return false;
            }
            foreach (var (key, type) in seen)
            {
                if (_types.TryGetValue(key, out var known))
                {
                    _types[key] = known | type;
                }
                else
                {
                    _types[key] = type;
                    _order.Add(key);
                }
            }
            return true;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <inheritdoc />
    public override ObjectSchema Complete()
    {
        if (BytesSeen == 0)
        {
            return EmptyObject();
        }
        if (_lineHasContent || _line.Count > 0)
        {
            // A last line without a newline.
            EndLine();
        }
        var notes = _note is null ? new List<string>() : [_note];
        if (_problem is not null && _sampled == 0)
        {
            return new ObjectSchema(Format, null, _rows, _problem);
        }
        if (_problem is not null)
        {
            notes.Add(_problem);
        }
        if (_sampled == 0)
        {
            return _rows == 0 ? EmptyObject() with { Rows = 0 }
                : new ObjectSchema(Format, null, _rows, _note ?? "no line could be sampled");
        }
        if (_rows > _sampled)
        {
            notes.Add($"keys and types from the first {_sampled} of {_rows} lines");
        }
        var columns = _order.Select(k => new SchemaColumn(k, TypeWord(_types[k]))).ToList();
        return new ObjectSchema(Format, new DataSchema(Format, columns), _rows, null) { Notes = notes };
    }

    private static string TypeWord(int types)
    {
        var words = new List<string>(2);
        if ((types & Array) != 0)
        {
            words.Add("array");
        }
        if ((types & Boolean) != 0)
        {
            words.Add("boolean");
        }
        if ((types & Number) != 0)
        {
            words.Add("number");
        }
        if ((types & Object) != 0)
        {
            words.Add("object");
        }
        if ((types & String) != 0)
        {
            words.Add("string");
        }
        return words.Count == 0 ? "null" : string.Join('|', words);
    }
}
