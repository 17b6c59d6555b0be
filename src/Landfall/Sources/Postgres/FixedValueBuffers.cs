using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

// Fixed-width values (numbers, booleans, dates, timestamps, decimals): decoded from the wire into arrays of their physical type.

/// <summary>Non-null values packed, plus one definition level per row (0 = NULL, 1 = value): ParquetSharp's physical form.</summary>
internal abstract class FixedValues<T>(int capacity, int width) : ScalarBuffer(capacity)
    where T : unmanaged
{
    private readonly byte[] _raw = new byte[width + 1];
    protected readonly T[] Values = new T[capacity];
    private int _count;

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (!Present(reader, ordinal, row))
        {
            return;
        }
        if (!VariableWidth)
        {
            // One call: asking for one byte more than the width proves the value is exactly that long.
            var read = reader.GetBytes(ordinal, 0, _raw, 0, width + 1);
            if (read != width)
            {
                throw new InvalidCastException($"a {read}-byte value where {width} bytes were expected");
            }
            Values[_count++] = Decode(_raw.AsSpan(0, width));
            return;
        }
        var length = reader.GetBytes(ordinal, 0, null, 0, 0);
        var raw = length <= _raw.Length ? _raw : new byte[length];
        var n = (int)reader.GetBytes(ordinal, 0, raw, 0, (int)length);
        Values[_count++] = Decode(raw.AsSpan(0, n));
    }

    protected abstract T Decode(ReadOnlySpan<byte> raw);

    /// <summary>Whether the wire form has no fixed width (numeric): longer values get a buffer of their own.</summary>
    protected virtual bool VariableWidth => false;

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        using var column = rowGroup.NextColumn();
        WriteValues(column, Levels.AsSpan(0, count), Values.AsSpan(0, _count));
        _count = 0;
    }

    protected virtual void WriteValues(ColumnWriter column, ReadOnlySpan<short> levels, ReadOnlySpan<T> values) =>
        ((ColumnWriter<T>)column).WriteBatch(levels.Length, levels, default, values);
}

internal sealed class Int16Values(int capacity) : FixedValues<int>(capacity, 2)
{
    protected override int Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt16BigEndian(raw);
}

internal sealed class Int32Values(int capacity) : FixedValues<int>(capacity, 4)
{
    protected override int Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt32BigEndian(raw);
}

internal sealed class Int64Values(int capacity) : FixedValues<long>(capacity, 8)
{
    protected override long Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt64BigEndian(raw);
}

internal sealed class FloatValues(int capacity) : FixedValues<float>(capacity, 4)
{
    protected override float Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadSingleBigEndian(raw);
}

internal sealed class DoubleValues(int capacity) : FixedValues<double>(capacity, 8)
{
    protected override double Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadDoubleBigEndian(raw);
}

internal sealed class BoolValues(int capacity) : FixedValues<bool>(capacity, 1)
{
    protected override bool Decode(ReadOnlySpan<byte> raw) => raw[0] != 0;
}

internal sealed class DateValues(int capacity) : FixedValues<int>(capacity, 4)
{
    protected override int Decode(ReadOnlySpan<byte> raw) => PostgresWire.DateDays(BinaryPrimitives.ReadInt32BigEndian(raw));
}

internal sealed class TimestampValues(int capacity) : FixedValues<long>(capacity, 8)
{
    protected override long Decode(ReadOnlySpan<byte> raw) => PostgresWire.TimestampMicros(BinaryPrimitives.ReadInt64BigEndian(raw));
}

internal sealed class Decimal32Values(int capacity, int precision, int scale) : FixedValues<int>(capacity, 64)
{
    protected override bool VariableWidth => true;

    protected override int Decode(ReadOnlySpan<byte> raw) => (int)PostgresWire.NumericUnscaled(raw, scale, precision);
}

internal sealed class Decimal64Values(int capacity, int precision, int scale) : FixedValues<long>(capacity, 64)
{
    protected override bool VariableWidth => true;

    protected override long Decode(ReadOnlySpan<byte> raw) => (long)PostgresWire.NumericUnscaled(raw, scale, precision);
}

/// <summary>FIXED_LEN_BYTE_ARRAY(16): the unscaled value as big-endian two's complement.</summary>
internal sealed class Decimal128Values(int capacity, int precision, int scale) : FixedValues<Int128>(capacity, 64)
{
    protected override bool VariableWidth => true;

    private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(capacity * 16, pinned: true);
    private readonly FixedLenByteArray[] _pointers = new FixedLenByteArray[capacity];

    protected override Int128 Decode(ReadOnlySpan<byte> raw) => PostgresWire.NumericUnscaled(raw, scale, precision);

    protected override void WriteValues(ColumnWriter column, ReadOnlySpan<short> levels, ReadOnlySpan<Int128> values)
    {
        var start = Marshal.UnsafeAddrOfPinnedArrayElement(_bytes, 0);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt128BigEndian(_bytes.AsSpan(i * 16, 16), values[i]);
            _pointers[i] = new FixedLenByteArray(start + (i * 16));
        }
        ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(levels.Length, levels, default, _pointers.AsSpan(0, values.Length));
    }
}
