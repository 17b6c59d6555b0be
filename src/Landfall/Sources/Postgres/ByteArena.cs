using System.Runtime.InteropServices;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>
/// The variable-length values of one row group's column, back to back in one byte array: read straight into it from the wire
/// (or encoded into it), then handed to ParquetSharp as pointers into the pinned array, never as .NET strings.
/// </summary>
internal sealed class ByteArena(int capacity, int bytesPerValue)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 1) * bytesPerValue];
    private int[] _starts = new int[Math.Max(capacity, 1)];
    private int[] _lengths = new int[Math.Max(capacity, 1)];
    private ByteArray[] _pointers = new ByteArray[Math.Max(capacity, 1)];
    private int _count;

    /// <summary>The array values are read or encoded into, at <see cref="Used"/>.</summary>
    public byte[] Bytes => _bytes;

    /// <summary>Bytes in use.</summary>
    public int Used { get; private set; }

    /// <summary>Makes room for <paramref name="length"/> more bytes at <see cref="Used"/>.</summary>
    public void Ensure(int length)
    {
        if (_bytes.Length - Used >= length)
        {
            return;
        }
        var size = (long)Math.Max(_bytes.Length, 1024) * 2;
        while (size - Used < length)
        {
            size *= 2;
        }
        var larger = new byte[Math.Min(size, Array.MaxLength)];
        if (larger.Length - Used < length)
        {
            throw new InvalidCastException("one row group's values of this column exceed 2 GB; lower row_group_rows");
        }
        _bytes.AsSpan(0, Used).CopyTo(larger);
        _bytes = larger;
    }

    /// <summary>Records the <paramref name="consumed"/> bytes just written at <see cref="Used"/> as one value, its first <paramref name="skip"/> bytes left out.</summary>
    public void Add(int consumed, int skip = 0)
    {
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _lengths, _lengths.Length * 2);
            Array.Resize(ref _pointers, _pointers.Length * 2);
        }
        _starts[_count] = Used + skip;
        _lengths[_count] = consumed - skip;
        _count++;
        Used += consumed;
    }

    /// <summary>Writes every value with these levels as the column's batch, then forgets them.</summary>
    public void Write(ColumnWriter<ByteArray> column, int levelCount, ReadOnlySpan<short> definitions, ReadOnlySpan<short> repetitions)
    {
        ArgumentNullException.ThrowIfNull(column);
        var handle = GCHandle.Alloc(_bytes, GCHandleType.Pinned);
        try
        {
            var start = handle.AddrOfPinnedObject();
            for (var i = 0; i < _count; i++)
            {
                _pointers[i] = new ByteArray(start + _starts[i], _lengths[i]);
            }
            column.WriteBatch(levelCount, definitions, repetitions, _pointers.AsSpan(0, _count));
        }
        finally
        {
            handle.Free();
        }
        _count = 0;
        Used = 0;
    }
}
