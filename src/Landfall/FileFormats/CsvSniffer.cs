using System.Text;
using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// CSV (RFC 4180): the header line's column names, in order, and the count of data records after it. The header is collected up to
/// a cap (a partner file whose "header" is a gigabyte of one line must not be held in memory); past the cap the columns are not read
/// and the evidence says why. Records are counted outside quotes (a quoted field may hold newlines); blank lines are not records.
/// </summary>
internal sealed class CsvSniffer(byte delimiter, bool header, int maxHeaderBytes) : TextSniffer
{
    private readonly List<byte> _header = [];
    private bool _headerDone;
    private bool _headerInQuotes;
    private bool _headerTooLong;
    private bool _inQuotes;
    private bool _lineHasContent;
    private bool _inFirstLine;
    private long _records;

    /// <inheritdoc />
    public override string Format => "csv";

    /// <inheritdoc />
    protected override void Read(ReadOnlySpan<byte> data)
    {
        if (!_headerDone)
        {
            var used = ReadHeader(data);
            data = data[used..];
        }
        if (_headerDone)
        {
            Count(data);
        }
    }

    private int ReadHeader(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'"')
            {
                _headerInQuotes = !_headerInQuotes;
            }
            else if (b == (byte)'\n' && !_headerInQuotes)
            {
                _headerDone = true;
                return i + 1;
            }
            if (_header.Count >= maxHeaderBytes)
            {
                // Past the cap: stop collecting; the rest of the line (and the file) is only counted.
                _headerTooLong = true;
                _headerDone = true;
                _inQuotes = _headerInQuotes;
                _inFirstLine = true;
                return i;
            }
            _header.Add(b);
        }
        return data.Length;
    }

    private void Count(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var rest = data[i..];
            if (_inQuotes)
            {
                var close = rest.IndexOf((byte)'"');
                _lineHasContent = true;
                if (close < 0)
                {
                    return;
                }
                // A doubled quote ("") closes and reopens: the next byte is a quote again, so the state comes out right.
                _inQuotes = false;
                i += close + 1;
                continue;
            }
            var at = rest.IndexOfAny((byte)'"', (byte)'\n');
            var segment = at < 0 ? rest : rest[..at];
            if (segment.IndexOfAnyExcept((byte)'\r') >= 0)
            {
                _lineHasContent = true;
            }
            if (at < 0)
            {
                return;
            }
            if (rest[at] == (byte)'"')
            {
                _inQuotes = true;
                _lineHasContent = true;
            }
            else
            {
                // The end of a line: a record, unless blank or the rest of an over-long first line.
                if (_lineHasContent && !_inFirstLine)
                {
                    _records++;
                }
                _lineHasContent = false;
                _inFirstLine = false;
            }
            i += at + 1;
        }
    }

    /// <inheritdoc />
    public override ObjectSchema Complete()
    {
        if (BytesSeen == 0)
        {
            return EmptyObject();
        }
        // Data records after the first line; without a header the first line is a record too.
        var records = _records + (_lineHasContent && !_inFirstLine ? 1 : 0) + (header ? 0 : 1);
        if (_headerTooLong)
        {
            return new ObjectSchema(Format, null, records,
                $"header_too_long: the first line is longer than max_header_bytes ({maxHeaderBytes} bytes); its columns were not read");
        }
        var notes = new List<string>();
        if (!_headerDone)
        {
            notes.Add("the object is one line without a newline: it was read as the header, with no data rows");
        }
        var line = _header.ToArray().AsSpan();
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }
        if (line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }
        var fields = Split(line, delimiter);
        if (line.Length == 0)
        {
            return new ObjectSchema(Format, null, records, "empty_header: the first line is empty, so it names no column");
        }
        var columns = header
            ? fields.Select(f => new SchemaColumn(f, null)).ToList()
            : fields.Select((_, n) => new SchemaColumn($"_{n + 1}", null)).ToList();
        var duplicate = header ? columns.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) : null;
        if (duplicate is not null)
        {
            notes.Add($"column '{duplicate.Key}' appears {duplicate.Count()} times in the header");
        }
        return new ObjectSchema(Format, new DataSchema(Format, columns), records, null) { Notes = notes };
    }

    /// <summary>The fields of one CSV line, quotes removed and doubled quotes undone.</summary>
    internal static List<string> Split(ReadOnlySpan<byte> line, byte delimiter)
    {
        var fields = new List<string>();
        var field = new List<byte>();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (quoted)
            {
                if (b == (byte)'"')
                {
                    if (i + 1 < line.Length && line[i + 1] == (byte)'"')
                    {
                        field.Add(b);
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Add(b);
                }
            }
            else if (b == (byte)'"')
            {
                quoted = true;
            }
            else if (b == delimiter)
            {
                fields.Add(Encoding.UTF8.GetString([.. field]));
                field.Clear();
            }
            else
            {
                field.Add(b);
            }
        }
        fields.Add(Encoding.UTF8.GetString([.. field]));
        return fields;
    }
}
