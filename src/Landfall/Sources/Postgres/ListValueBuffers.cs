using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

// Arrays: flattened into values plus the definition and repetition levels of a Parquet LIST.

/// <summary>
/// The definition and repetition levels of a Parquet LIST column, one entry per element, empty array or NULL array:
/// 0 = NULL array, 1 = empty array, 2 = NULL element, 3 = element (repetition 0 starts a row, 1 continues it). Lists are
/// written through ParquetSharp's physical writers with these levels: its logical writer picks its generic code by reflection,
/// which the natively compiled CLI does not have.
/// </summary>
internal abstract class ListBuffer(int capacity) : ColumnBuffer
{
    private short[] _definitions = new short[Math.Max(capacity, 1)];
    private short[] _repetitions = new short[Math.Max(capacity, 1)];

    protected int LevelCount { get; private set; }

    protected ReadOnlySpan<short> Definitions => _definitions.AsSpan(0, LevelCount);

    protected ReadOnlySpan<short> Repetitions => _repetitions.AsSpan(0, LevelCount);

    /// <summary>A NULL array.</summary>
    protected void NullArray() => Level(0, 0);

    /// <summary>An empty array.</summary>
    protected void EmptyArray() => Level(1, 0);

    /// <summary>Element <paramref name="index"/> of an array, NULL or not.</summary>
    protected void Element(int index, bool present) => Level(present ? (short)3 : (short)2, index == 0 ? (short)0 : (short)1);

    private void Level(short definition, short repetition)
    {
        if (LevelCount == _definitions.Length)
        {
            Array.Resize(ref _definitions, _definitions.Length * 2);
            Array.Resize(ref _repetitions, _repetitions.Length * 2);
        }
        _definitions[LevelCount] = definition;
        _repetitions[LevelCount] = repetition;
        LevelCount++;
    }

    protected void ClearLevels() => LevelCount = 0;

    /// <summary>The current row's array, its levels recorded; null for a NULL or an empty array, whose one level is all there is.</summary>
    protected T[]? ReadArray<T>(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            NullArray();
            return null;
        }
        var array = reader.GetFieldValue<T[]>(ordinal);
        if (array.Length == 0)
        {
            EmptyArray();
            return null;
        }
        return array;
    }
}

/// <summary>Arrays of numbers and booleans: read as .NET arrays of nullable elements, flattened into values and levels.</summary>
internal sealed class ListValues<TElement, TPhysical>(int capacity, Func<TElement, TPhysical> convert) : ListBuffer(capacity)
    where TElement : struct
    where TPhysical : unmanaged
{
    private TPhysical[] _values = new TPhysical[Math.Max(capacity, 1)];
    private int _count;

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (ReadArray<TElement?>(reader, ordinal) is not { } array)
        {
            return;
        }
        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] is { } value)
            {
                if (_count == _values.Length)
                {
                    Array.Resize(ref _values, _values.Length * 2);
                }
                _values[_count++] = convert(value);
            }
            Element(i, array[i].HasValue);
        }
    }

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        using var column = rowGroup.NextColumn();
        ((ColumnWriter<TPhysical>)column).WriteBatch(LevelCount, Definitions, Repetitions, _values.AsSpan(0, _count));
        _count = 0;
        ClearLevels();
    }
}

/// <summary>Arrays of text (and of types read in their text form): each element UTF-8 encoded into one arena per column.</summary>
internal sealed class TextListValues(int capacity) : ListBuffer(capacity)
{
    private readonly ByteArena _arena = new(capacity, 16);

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (ReadArray<string?>(reader, ordinal) is not { } array)
        {
            return;
        }
        for (var i = 0; i < array.Length; i++)
        {
            Element(i, array[i] is not null);
            if (array[i] is not { } text)
            {
                continue;
            }
            _arena.Ensure(System.Text.Encoding.UTF8.GetByteCount(text));
            _arena.Add(System.Text.Encoding.UTF8.GetBytes(text, _arena.Bytes.AsSpan(_arena.Used)));
        }
    }

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        using var column = rowGroup.NextColumn();
        _arena.Write((ColumnWriter<ByteArray>)column, LevelCount, Definitions, Repetitions);
        ClearLevels();
    }
}

/// <summary>
/// uuid[]: PostgreSQL's binary array (dimensions, a has-null flag, the element type, then each element as a length, -1 for NULL,
/// and its 16 bytes) written as a Parquet LIST of UUID, levels as in <see cref="ListBuffer"/>.
/// </summary>
internal sealed class UuidListValues(int capacity) : ListBuffer(capacity)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 1) * 16];
    private byte[] _raw = new byte[256];
    private int _count;

    public override void Read(NpgsqlDataReader reader, int ordinal, int row)
    {
        if (reader.IsDBNull(ordinal))
        {
            NullArray();
            return;
        }
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        if (_raw.Length < length)
        {
            _raw = new byte[Math.Max(length, _raw.Length * 2)];
        }
        var raw = _raw.AsSpan(0, (int)reader.GetBytes(ordinal, 0, _raw, 0, length));
        var dimensions = BinaryPrimitives.ReadInt32BigEndian(raw);
        if (dimensions == 0)
        {
            EmptyArray();
            return;
        }
        if (dimensions != 1)
        {
            throw new InvalidCastException("a multi-dimensional array cannot be a Parquet LIST");
        }
        var elements = BinaryPrimitives.ReadInt32BigEndian(raw[12..]);
        var at = 20;
        for (var i = 0; i < elements; i++)
        {
            var size = BinaryPrimitives.ReadInt32BigEndian(raw[at..]);
            at += 4;
            if (size == -1)
            {
                Element(i, present: false);
                continue;
            }
            if (size != 16)
            {
                throw new InvalidCastException("a uuid that is not 16 bytes long");
            }
            if (_bytes.Length < (_count + 1) * 16)
            {
                Array.Resize(ref _bytes, _bytes.Length * 2);
            }
            raw.Slice(at, 16).CopyTo(_bytes.AsSpan(_count * 16));
            _count++;
            at += 16;
            Element(i, present: true);
        }
    }

    public override void Write(RowGroupWriter rowGroup, int count)
    {
        var pointers = new FixedLenByteArray[_count];
        var handle = GCHandle.Alloc(_bytes, GCHandleType.Pinned);
        try
        {
            var start = handle.AddrOfPinnedObject();
            for (var i = 0; i < _count; i++)
            {
                pointers[i] = new FixedLenByteArray(start + (i * 16));
            }
            using var column = rowGroup.NextColumn();
            ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(LevelCount, Definitions, Repetitions, pointers);
        }
        finally
        {
            handle.Free();
        }
        ClearLevels();
        _count = 0;
    }
}
