using System.Runtime.InteropServices;
using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

// Byte values (uuid, text, json, jsonb, bytea): copied from the read buffer, never turned into .NET strings.

/// <summary>uuid: its 16 bytes as they come (network order, which is Parquet's UUID order).</summary>
internal sealed class UuidValues(int capacity) : ScalarBuffer(capacity)
{
    // One spare byte: each read asks for 17 bytes to prove the value is exactly 16 long.
    private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>((capacity * 16) + 1, pinned: true);
    private readonly FixedLenByteArray[] _pointers = new FixedLenByteArray[capacity];
    private int _count;

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (!Present(reader, ordinal, row))
        {
            return;
        }
        if (reader.GetBytes(ordinal, 0, _bytes, _count * 16, 17) != 16)
        {
            throw new InvalidCastException("a uuid that is not 16 bytes long");
        }
        _count++;
    }

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(_bytes, 0);
        for (var i = 0; i < _count; i++)
        {
            _pointers[i] = new FixedLenByteArray(start + (i * 16));
        }
        using var column = rowGroup.NextColumn();
        ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(count, Levels.AsSpan(0, count), default, _pointers.AsSpan(0, _count));
        _count = 0;
    }
}

/// <summary>
/// text, varchar, char(n), json, jsonb and bytea (and every type read as its text form): the raw bytes (UTF-8 for text, as
/// Npgsql sets client_encoding) appended to one arena per column; jsonb's binary form is a version byte (1) and the text.
/// </summary>
internal sealed class ByteValues(int capacity, bool jsonb) : ScalarBuffer(capacity)
{
    private readonly ByteArena _arena = new(capacity, 32);

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (!Present(reader, ordinal, row))
        {
            return;
        }
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        _arena.Ensure(length);
        var n = length == 0 ? 0 : (int)reader.GetBytes(ordinal, 0, _arena.Bytes, _arena.Used, length);
        var skip = 0;
        if (jsonb)
        {
            if (n < 1 || _arena.Bytes[_arena.Used] != 1)
            {
                throw new InvalidCastException("a jsonb value in an unknown binary format version");
            }
            skip = 1;
        }
        _arena.Add(n, skip);
    }

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        using var column = rowGroup.NextColumn();
        _arena.Write((ColumnWriter<ByteArray>)column, count, Levels.AsSpan(0, count), default);
    }
}
