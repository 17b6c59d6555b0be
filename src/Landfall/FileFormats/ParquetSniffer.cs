using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// Parquet: the schema and num_rows from the footer, which is at the end of the object. As bytes pass only the last
/// <c>max_footer_bytes</c> + 8 are kept (a ring), and the footer is parsed after the last byte: one pass, bounded memory, no second
/// read. A footer longer than the window is not read, and the evidence says so.
/// </summary>
internal sealed class ParquetSniffer(int maxFooterBytes) : SchemaSniffer
{
    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly byte[] _head = new byte[4];
    private byte[] _ring = [];
    private int _end;
    private int _filled;
    private long _total;

    private int Window => maxFooterBytes + 8;

    /// <inheritdoc />
    public override void Observe(ReadOnlySpan<byte> data)
    {
        for (var i = 0; _total + i < 4 && i < data.Length; i++)
        {
            _head[_total + i] = data[i];
        }
        _total += data.Length;
        // The ring grows with the object up to the window, so a small file never costs the whole window.
        if (_ring.Length < Window && _filled + data.Length > _ring.Length)
        {
            var size = (int)Math.Min(Window, Math.Max((long)_ring.Length * 2, (long)_filled + data.Length));
            var kept = Ordered();
            _ring = new byte[size];
            kept.CopyTo(_ring, 0);
            (_end, _filled) = (kept.Length % size, kept.Length);
        }
        Append(data);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        var capacity = _ring.Length;
        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(_ring);
            (_end, _filled) = (0, capacity);
            return;
        }
        var first = Math.Min(data.Length, capacity - _end);
        data[..first].CopyTo(_ring.AsSpan(_end));
        data[first..].CopyTo(_ring);
        _end = (_end + data.Length) % capacity;
        _filled = Math.Min(capacity, _filled + data.Length);
    }

    /// <summary>The kept tail, oldest byte first.</summary>
    private byte[] Ordered()
    {
        var result = new byte[_filled];
        if (_filled == 0)
        {
            return result;
        }
        var start = (_end - _filled + _ring.Length) % _ring.Length;
        var first = Math.Min(_filled, _ring.Length - start);
        _ring.AsSpan(start, first).CopyTo(result);
        _ring.AsSpan(0, _filled - first).CopyTo(result.AsSpan(first));
        return result;
    }

    /// <inheritdoc />
    public override ObjectSchema Complete()
    {
        if (_total == 0)
        {
            return new ObjectSchema("parquet", null, 0, null) { Empty = true };
        }
        var tail = Ordered();
        if (_total < 12 || !_head.AsSpan().SequenceEqual(Magic))
        {
            return Problem($"not_parquet: the object does not start with PAR1 ({_total} bytes)");
        }
        if (tail.AsSpan(tail.Length - 4).SequenceEqual("PARE"u8))
        {
            return Problem("parquet_encrypted: the footer is encrypted; its schema was not read");
        }
        if (!tail.AsSpan(tail.Length - 4).SequenceEqual(Magic))
        {
            return Problem("not_parquet: the object does not end with PAR1 (truncated, or not Parquet)");
        }
        var length = ThriftCompactReader.FooterLength(tail.AsSpan(tail.Length - 8, 4));
        if (length <= 0 || length > _total - 12)
        {
            return Problem($"not_parquet: the footer length {length} does not fit in the object's {_total} bytes");
        }
        if (length > tail.Length - 8)
        {
            return Problem($"footer_too_large: the footer is {length} bytes, more than max_footer_bytes ({maxFooterBytes}); its schema was not read");
        }
        try
        {
            var (columns, rows) = ParquetFooter.Read(tail.AsSpan(tail.Length - 8 - length, length));
            return new ObjectSchema("parquet", new DataSchema("parquet", columns), rows, null);
        }
        catch (FormatException e)
        {
            return Problem($"not_parquet: the footer cannot be read ({e.Message})");
        }
    }

    private static ObjectSchema Problem(string problem) => new("parquet", null, null, problem);
}
