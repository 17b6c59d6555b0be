using System.Buffers.Binary;
using System.Text;

namespace Landfall.FileFormats;

/// <summary>
/// Just enough of Thrift's compact protocol to read a Parquet footer (FileMetaData): field headers, varints, strings, and skipping
/// whatever is not needed. Every read is bounds-checked and nesting is limited, so a malformed footer is a <see cref="FormatException"/>,
/// never a crash or a runaway allocation.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> data)
{
    public const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10,
        Map = 11, Struct = 12;

    private const int MaxDepth = 64;
    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    /// <summary>The next field of the current struct: its id and type; type <see cref="Stop"/> at the struct's end.</summary>
    public (short Id, byte Type) ReadField(ref short lastId)
    {
        var header = ReadByte();
        var type = (byte)(header & 0x0f);
        if (type == Stop)
        {
            return (0, Stop);
        }
        var delta = header >> 4;
        lastId = delta == 0 ? (short)ZigZag(ReadVarint()) : (short)(lastId + delta);
        return (lastId, type);
    }

    public sbyte ReadByteValue() => (sbyte)ReadByte();

    public int ReadI32() => (int)ZigZag(ReadVarint());

    public long ReadI64() => ZigZag(ReadVarint());

    public string ReadString()
    {
        var length = ReadLength();
        var text = Encoding.UTF8.GetString(Take(length));
        return text;
    }

    /// <summary>A list's header: element count and element type.</summary>
    public (int Count, byte Type) ReadListHeader()
    {
        var header = ReadByte();
        var count = header >> 4;
        if (count == 15)
        {
            count = ReadLength();
        }
        return (count, (byte)(header & 0x0f));
    }

    /// <summary>Skips one value of <paramref name="type"/> (a whole struct, list or map included).</summary>
    public void Skip(byte type, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("the footer nests deeper than any Parquet footer does");
        }
        switch (type)
        {
            case True or False:
                return;
            case Byte:
                ReadByte();
                return;
            case I16 or I32 or I64:
                ReadVarint();
                return;
            case Double:
                Take(8);
                return;
            case Binary:
                Take(ReadLength());
                return;
            case List or Set:
                var (count, element) = ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    if (element is True or False)
                    {
                        ReadByte();
                    }
                    else
                    {
                        Skip(element, depth + 1);
                    }
                }
                return;
            case Map:
                var size = ReadLength();
                if (size == 0)
                {
                    return;
                }
                var kinds = ReadByte();
                for (var i = 0; i < size; i++)
                {
                    Skip((byte)(kinds >> 4), depth + 1);
                    Skip((byte)(kinds & 0x0f), depth + 1);
                }
                return;
            case Struct:
                short last = 0;
                while (true)
                {
                    var (_, t) = ReadField(ref last);
                    if (t == Stop)
                    {
                        return;
                    }
                    Skip(t, depth + 1);
                }
            default:
                throw new FormatException($"unknown Thrift type {type} at byte {_at}");
        }
    }

    private byte ReadByte() => _at < _data.Length ? _data[_at++] : throw new FormatException("the footer ends early");

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > _data.Length - _at)
        {
            throw new FormatException("the footer ends early");
        }
        var span = _data.Slice(_at, n);
        _at += n;
        return span;
    }

    private int ReadLength()
    {
        var n = ReadVarint();
        return n <= (ulong)(_data.Length - _at) + 16 ? (int)n : throw new FormatException($"a length of {n} is larger than the footer");
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new FormatException("a varint is longer than 10 bytes");
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    /// <summary>Reads a little-endian 32-bit length (the footer length before the trailing magic).</summary>
    public static int FooterLength(ReadOnlySpan<byte> fourBytes) => BinaryPrimitives.ReadInt32LittleEndian(fourBytes);
}
