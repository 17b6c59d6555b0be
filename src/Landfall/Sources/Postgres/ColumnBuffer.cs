using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Npgsql;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Landfall.Sources.Postgres;

/// <summary>
/// One row group's values of one column: filled row by row from the reader, then written as one column chunk.
/// Scalar columns are read as PostgreSQL's binary wire form (<see cref="NpgsqlDataReader.GetBytes"/> copies the raw bytes, no
/// object per value), decoded here and written with ParquetSharp's physical column writers: text, json and bytea bytes go from
/// the read buffer into one byte arena per column and on to Parquet without ever becoming .NET strings.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>Reads the value at <paramref name="ordinal"/> of the current row into slot <paramref name="row"/>.</summary>
    public abstract void Read(NpgsqlDataReader reader, int ordinal, int row);

    /// <summary>Writes the first <paramref name="count"/> values as the next column of <paramref name="rowGroup"/>, then forgets them.</summary>
    public abstract void Write(RowGroupWriter rowGroup, int count);

    /// <summary>Microseconds between PostgreSQL's epoch (2000-01-01) and the Unix epoch.</summary>
    public const long PostgresEpochMicros = 946_684_800_000_000;

    /// <summary>Days between PostgreSQL's epoch (2000-01-01) and the Unix epoch.</summary>
    public const int PostgresEpochDays = 10_957;

    /// <summary>The Parquet schema node of a plan's column (every column optional).</summary>
    public static Node NodeFor(ColumnPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var name = plan.Name;
        return plan.Kind switch
        {
            ValueKind.Int16 => Primitive(name, LogicalType.Int(16, isSigned: true), PhysicalType.Int32),
            ValueKind.Int32 => Primitive(name, LogicalType.None(), PhysicalType.Int32),
            ValueKind.Int64 => Primitive(name, LogicalType.None(), PhysicalType.Int64),
            ValueKind.Float => Primitive(name, LogicalType.None(), PhysicalType.Float),
            ValueKind.Double => Primitive(name, LogicalType.None(), PhysicalType.Double),
            ValueKind.Bool => Primitive(name, LogicalType.None(), PhysicalType.Boolean),
            ValueKind.Decimal => plan.Precision <= 9
                ? Primitive(name, LogicalType.Decimal(plan.Precision, plan.Scale), PhysicalType.Int32)
                : plan.Precision <= 18
                    ? Primitive(name, LogicalType.Decimal(plan.Precision, plan.Scale), PhysicalType.Int64)
                    : Primitive(name, LogicalType.Decimal(plan.Precision, plan.Scale), PhysicalType.FixedLenByteArray, 16),
            ValueKind.Text => Primitive(name, LogicalType.String(), PhysicalType.ByteArray),
            ValueKind.Json or ValueKind.Jsonb => Primitive(name, LogicalType.Json(), PhysicalType.ByteArray),
            ValueKind.Uuid => Primitive(name, LogicalType.Uuid(), PhysicalType.FixedLenByteArray, 16),
            ValueKind.Date => Primitive(name, LogicalType.Date(), PhysicalType.Int32),
            ValueKind.Time => Primitive(name, LogicalType.Time(isAdjustedToUtc: false, TimeUnit.Micros), PhysicalType.Int64),
            ValueKind.Timestamp => Primitive(name, LogicalType.Timestamp(isAdjustedToUtc: false, TimeUnit.Micros), PhysicalType.Int64),
            ValueKind.TimestampTz => Primitive(name, LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros), PhysicalType.Int64),
            ValueKind.Bytes => Primitive(name, LogicalType.None(), PhysicalType.ByteArray),
            ValueKind.ListInt16 => ListNode(name, LogicalType.Int(16, isSigned: true), PhysicalType.Int32),
            ValueKind.ListInt32 => ListNode(name, LogicalType.None(), PhysicalType.Int32),
            ValueKind.ListInt64 => ListNode(name, LogicalType.None(), PhysicalType.Int64),
            ValueKind.ListFloat => ListNode(name, LogicalType.None(), PhysicalType.Float),
            ValueKind.ListDouble => ListNode(name, LogicalType.None(), PhysicalType.Double),
            ValueKind.ListBool => ListNode(name, LogicalType.None(), PhysicalType.Boolean),
            ValueKind.ListText => ListNode(name, LogicalType.String(), PhysicalType.ByteArray),
            ValueKind.ListUuid => ListNode(name, LogicalType.Uuid(), PhysicalType.FixedLenByteArray, 16),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Kind, "unknown kind"),
        };
    }

    private static PrimitiveNode Primitive(string name, LogicalType logicalType, PhysicalType physicalType, int length = -1)
    {
        using (logicalType)
        {
            return new PrimitiveNode(name, Repetition.Optional, logicalType, physicalType, length);
        }
    }

    /// <summary>Parquet's three-level LIST: optional group (LIST) { repeated group list { optional element } }.</summary>
    private static GroupNode ListNode(string name, LogicalType elementType, PhysicalType physicalType, int length = -1)
    {
        using var element = Primitive("element", elementType, physicalType, length);
        using var list = new GroupNode("list", Repetition.Repeated, [element]);
        using var listType = LogicalType.List();
        return new GroupNode(name, Repetition.Optional, [list], listType);
    }

    /// <summary>A buffer of <paramref name="capacity"/> rows for a plan.</summary>
    public static ColumnBuffer For(ColumnPlan plan, int capacity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Kind switch
        {
            ValueKind.Int16 => new Int16Values(capacity),
            ValueKind.Int32 => new Int32Values(capacity),
            ValueKind.Int64 or ValueKind.Time => new Int64Values(capacity),
            ValueKind.Float => new FloatValues(capacity),
            ValueKind.Double => new DoubleValues(capacity),
            ValueKind.Bool => new BoolValues(capacity),
            ValueKind.Decimal when plan.Precision <= 9 => new Decimal32Values(capacity, plan.Precision, plan.Scale),
            ValueKind.Decimal when plan.Precision <= 18 => new Decimal64Values(capacity, plan.Precision, plan.Scale),
            ValueKind.Decimal => new Decimal128Values(capacity, plan.Precision, plan.Scale),
            ValueKind.Text or ValueKind.Json or ValueKind.Bytes => new ByteValues(capacity, jsonb: false),
            ValueKind.Jsonb => new ByteValues(capacity, jsonb: true),
            ValueKind.Uuid => new UuidValues(capacity),
            ValueKind.Date => new DateValues(capacity),
            ValueKind.Timestamp or ValueKind.TimestampTz => new TimestampValues(capacity),
            ValueKind.ListInt16 => new ListValues<short, int>(capacity, static v => v),
            ValueKind.ListInt32 => new ListValues<int, int>(capacity, static v => v),
            ValueKind.ListInt64 => new ListValues<long, long>(capacity, static v => v),
            ValueKind.ListFloat => new ListValues<float, float>(capacity, static v => v),
            ValueKind.ListDouble => new ListValues<double, double>(capacity, static v => v),
            ValueKind.ListBool => new ListValues<bool, bool>(capacity, static v => v),
            ValueKind.ListText => new TextListValues(capacity),
            ValueKind.ListUuid => new UuidListValues(capacity),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Kind, "unknown kind"),
        };
    }

    /// <summary>
    /// A PostgreSQL timestamp / timestamptz (binary: microseconds since 2000-01-01, ±infinity as int64 max / min) as microseconds
    /// since 1970-01-01. infinity is long.MaxValue and -infinity -long.MaxValue (DuckDB reads them as ±infinity); every real instant
    /// stays strictly between them, 0001-01-01 included. Instants so late that they would reach the sentinel (after
    /// 294247-01-10) are refused.
    /// </summary>
    public static long TimestampMicros(long postgres)
    {
        if (postgres == long.MaxValue)
        {
            return long.MaxValue;
        }
        if (postgres == long.MinValue)
        {
            return -long.MaxValue;
        }
        if (postgres >= long.MaxValue - PostgresEpochMicros)
        {
            throw new OverflowException("the timestamp is too late to be written as int64 microseconds since 1970 next to +infinity");
        }
        return postgres + PostgresEpochMicros;
    }

    /// <summary>A PostgreSQL date (binary: days since 2000-01-01, ±infinity as int32 max / min) as days since 1970-01-01; ±infinity as int32 max / −max.</summary>
    public static int DateDays(int postgres) => postgres switch
    {
        int.MaxValue => int.MaxValue,
        int.MinValue => -int.MaxValue,
        _ => postgres + PostgresEpochDays, // PostgreSQL's last date (5874897-12-31) is far from int32 max: no overflow, no collision.
    };

    /// <summary>
    /// The unscaled value of a PostgreSQL binary numeric at <paramref name="scale"/> decimal places, exact or refused: base-10000
    /// digits, a weight (power of 10000 of the first digit), a sign word and the display scale.
    /// </summary>
    public static Int128 NumericUnscaled(ReadOnlySpan<byte> raw, int scale, int precision)
    {
        if (raw.Length < 8)
        {
            throw new InvalidCastException("a numeric value shorter than its header");
        }
        int digits = BinaryPrimitives.ReadInt16BigEndian(raw);
        int weight = BinaryPrimitives.ReadInt16BigEndian(raw[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(raw[4..]);
        if (sign is not (0x0000 or 0x4000))
        {
            throw new InvalidCastException(sign switch
            {
                0xC000 => "NaN cannot be a Parquet DECIMAL",
                0xD000 or 0xF000 => "an infinite numeric cannot be a Parquet DECIMAL",
                _ => "an unknown numeric sign",
            });
        }
        if (raw.Length != 8 + (2 * digits))
        {
            throw new InvalidCastException("a numeric value whose length does not match its digit count");
        }
        Int128 value = 0;
        for (var i = 0; i < digits; i++)
        {
            if (value >= Pow10(MaxDigits - 4))
            {
                throw new OverflowException(Beyond(precision, scale));
            }
            value = (value * 10_000) + BinaryPrimitives.ReadUInt16BigEndian(raw[(8 + (2 * i))..]);
        }
        // value * 10000^(weight + 1 - digits) is the number; times 10^scale is the unscaled value.
        var exponent = scale + (4 * (weight + 1 - digits));
        if (value != 0 && exponent > 0)
        {
            if (exponent >= precision || value >= Pow10(precision - exponent))
            {
                throw new OverflowException(Beyond(precision, scale));
            }
            value *= Pow10(exponent);
        }
        else if (value != 0 && exponent < 0)
        {
            if (-exponent > MaxDigits)
            {
                throw new OverflowException($"the value has more than {scale} decimal places");
            }
            var quotient = Int128.DivRem(value, Pow10(-exponent));
            if (quotient.Remainder != 0)
            {
                throw new OverflowException($"the value has more than {scale} decimal places");
            }
            value = quotient.Quotient;
        }
        if (value >= Pow10(precision))
        {
            throw new OverflowException(Beyond(precision, scale));
        }
        return sign == 0x4000 ? -value : value;
    }

    private const int MaxDigits = 36;

    private static string Beyond(int precision, int scale) =>
        string.Create(CultureInfo.InvariantCulture, $"the value does not fit DECIMAL({precision},{scale})");

    private static readonly Int128[] Powers = BuildPowers();

    private static Int128[] BuildPowers()
    {
        var powers = new Int128[MaxDigits + 1];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }

    private static Int128 Pow10(int exponent) => Powers[exponent];

    /// <summary>Non-null values packed, plus one definition level per row (0 = NULL, 1 = value): ParquetSharp's physical form.</summary>
    private abstract class Fixed<T>(int capacity, int width) : ColumnBuffer
        where T : unmanaged
    {
        private readonly short[] _levels = new short[capacity];
        private readonly byte[] _raw = new byte[width + 1];
        protected readonly T[] Values = new T[capacity];
        private int _count;

        public override void Read(NpgsqlDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                _levels[row] = 0;
                return;
            }
            _levels[row] = 1;
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
            WriteValues(column, _levels.AsSpan(0, count), Values.AsSpan(0, _count));
            _count = 0;
        }

        protected virtual void WriteValues(ColumnWriter column, ReadOnlySpan<short> levels, ReadOnlySpan<T> values) =>
            ((ColumnWriter<T>)column).WriteBatch(levels.Length, levels, default, values);
    }

    private sealed class Int16Values(int capacity) : Fixed<int>(capacity, 2)
    {
        protected override int Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt16BigEndian(raw);
    }

    private sealed class Int32Values(int capacity) : Fixed<int>(capacity, 4)
    {
        protected override int Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt32BigEndian(raw);
    }

    private sealed class Int64Values(int capacity) : Fixed<long>(capacity, 8)
    {
        protected override long Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadInt64BigEndian(raw);
    }

    private sealed class FloatValues(int capacity) : Fixed<float>(capacity, 4)
    {
        protected override float Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadSingleBigEndian(raw);
    }

    private sealed class DoubleValues(int capacity) : Fixed<double>(capacity, 8)
    {
        protected override double Decode(ReadOnlySpan<byte> raw) => BinaryPrimitives.ReadDoubleBigEndian(raw);
    }

    private sealed class BoolValues(int capacity) : Fixed<bool>(capacity, 1)
    {
        protected override bool Decode(ReadOnlySpan<byte> raw) => raw[0] != 0;
    }

    private sealed class DateValues(int capacity) : Fixed<int>(capacity, 4)
    {
        protected override int Decode(ReadOnlySpan<byte> raw) => DateDays(BinaryPrimitives.ReadInt32BigEndian(raw));
    }

    private sealed class TimestampValues(int capacity) : Fixed<long>(capacity, 8)
    {
        protected override long Decode(ReadOnlySpan<byte> raw) => TimestampMicros(BinaryPrimitives.ReadInt64BigEndian(raw));
    }

    private sealed class Decimal32Values(int capacity, int precision, int scale) : Fixed<int>(capacity, 64)
    {
        protected override bool VariableWidth => true;

        protected override int Decode(ReadOnlySpan<byte> raw) => (int)NumericUnscaled(raw, scale, precision);
    }

    private sealed class Decimal64Values(int capacity, int precision, int scale) : Fixed<long>(capacity, 64)
    {
        protected override bool VariableWidth => true;

        protected override long Decode(ReadOnlySpan<byte> raw) => (long)NumericUnscaled(raw, scale, precision);
    }

    /// <summary>FIXED_LEN_BYTE_ARRAY(16): the unscaled value as big-endian two's complement.</summary>
    private sealed class Decimal128Values(int capacity, int precision, int scale) : Fixed<Int128>(capacity, 64)
    {
        protected override bool VariableWidth => true;

        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>(capacity * 16, pinned: true);
        private readonly FixedLenByteArray[] _pointers = new FixedLenByteArray[capacity];

        protected override Int128 Decode(ReadOnlySpan<byte> raw) => NumericUnscaled(raw, scale, precision);

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

    /// <summary>uuid: its 16 bytes as they come (network order, which is Parquet's UUID order).</summary>
    private sealed class UuidValues(int capacity) : ColumnBuffer
    {
        private readonly short[] _levels = new short[capacity];
        // One spare byte: each read asks for 17 bytes to prove the value is exactly 16 long.
        private readonly byte[] _bytes = GC.AllocateUninitializedArray<byte>((capacity * 16) + 1, pinned: true);
        private readonly FixedLenByteArray[] _pointers = new FixedLenByteArray[capacity];
        private int _count;

        public override void Read(NpgsqlDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                _levels[row] = 0;
                return;
            }
            _levels[row] = 1;
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
            ((ColumnWriter<FixedLenByteArray>)column).WriteBatch(count, _levels.AsSpan(0, count), default, _pointers.AsSpan(0, _count));
            _count = 0;
        }
    }

    /// <summary>
    /// text, varchar, char(n), json, jsonb and bytea (and every type read as its text form): the raw bytes (UTF-8 for text, as
    /// Npgsql sets client_encoding) appended to one arena per column; jsonb's binary form is a version byte (1) and the text.
    /// </summary>
    private sealed class ByteValues(int capacity, bool jsonb) : ColumnBuffer
    {
        private readonly short[] _levels = new short[capacity];
        private readonly int[] _starts = new int[capacity];
        private readonly int[] _lengths = new int[capacity];
        private readonly ByteArray[] _pointers = new ByteArray[capacity];
        private byte[] _arena = new byte[Math.Max(capacity, 1) * 32];
        private int _used;
        private int _count;

        public override void Read(NpgsqlDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                _levels[row] = 0;
                return;
            }
            _levels[row] = 1;
            var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
            if (_arena.Length - _used < length)
            {
                Grow(length);
            }
            var n = length == 0 ? 0 : (int)reader.GetBytes(ordinal, 0, _arena, _used, length);
            var skip = 0;
            if (jsonb)
            {
                if (n < 1 || _arena[_used] != 1)
                {
                    throw new InvalidCastException("a jsonb value in an unknown binary format version");
                }
                skip = 1;
            }
            _starts[_count] = _used + skip;
            _lengths[_count] = n - skip;
            _count++;
            _used += n;
        }

        private void Grow(int length)
        {
            var size = (long)Math.Max(_arena.Length, 1024) * 2;
            while (size - _used < length)
            {
                size *= 2;
            }
            var larger = new byte[Math.Min(size, Array.MaxLength)];
            if (larger.Length - _used < length)
            {
                throw new InvalidCastException("one row group's values of this column exceed 2 GB; lower row_group_rows");
            }
            _arena.AsSpan(0, _used).CopyTo(larger);
            _arena = larger;
        }

        public override void Write(RowGroupWriter rowGroup, int count)
        {
            var handle = GCHandle.Alloc(_arena, GCHandleType.Pinned);
            try
            {
                var start = handle.AddrOfPinnedObject();
                for (var i = 0; i < _count; i++)
                {
                    _pointers[i] = new ByteArray(start + _starts[i], _lengths[i]);
                }
                using var column = rowGroup.NextColumn();
                ((ColumnWriter<ByteArray>)column).WriteBatch(count, _levels.AsSpan(0, count), default, _pointers.AsSpan(0, _count));
            }
            finally
            {
                handle.Free();
            }
            _count = 0;
            _used = 0;
        }
    }

    /// <summary>
    /// The definition and repetition levels of a Parquet LIST column, one entry per element, empty array or NULL array:
    /// 0 = NULL array, 1 = empty array, 2 = NULL element, 3 = element (repetition 0 starts a row, 1 continues it). Lists are
    /// written through ParquetSharp's physical writers with these levels: its logical writer picks its generic code by reflection,
    /// which the natively compiled CLI does not have.
    /// </summary>
    private abstract class ListBuffer(int capacity) : ColumnBuffer
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
    }

    /// <summary>Arrays of numbers and booleans: read as .NET arrays of nullable elements, flattened into values and levels.</summary>
    private sealed class ListValues<TElement, TPhysical>(int capacity, Func<TElement, TPhysical> convert) : ListBuffer(capacity)
        where TElement : struct
        where TPhysical : unmanaged
    {
        private TPhysical[] _values = new TPhysical[Math.Max(capacity, 1)];
        private int _count;

        public override void Read(NpgsqlDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                NullArray();
                return;
            }
            var array = reader.GetFieldValue<TElement?[]>(ordinal);
            if (array.Length == 0)
            {
                EmptyArray();
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
    private sealed class TextListValues(int capacity) : ListBuffer(capacity)
    {
        private int[] _starts = new int[Math.Max(capacity, 1)];
        private int[] _lengths = new int[Math.Max(capacity, 1)];
        private byte[] _arena = new byte[Math.Max(capacity, 1) * 16];
        private int _used;
        private int _count;

        public override void Read(NpgsqlDataReader reader, int ordinal, int row)
        {
            if (reader.IsDBNull(ordinal))
            {
                NullArray();
                return;
            }
            var array = reader.GetFieldValue<string?[]>(ordinal);
            if (array.Length == 0)
            {
                EmptyArray();
                return;
            }
            for (var i = 0; i < array.Length; i++)
            {
                Element(i, array[i] is not null);
                if (array[i] is not { } text)
                {
                    continue;
                }
                var length = System.Text.Encoding.UTF8.GetByteCount(text);
                if (_arena.Length - _used < length)
                {
                    var size = Math.Max((long)_arena.Length * 2, (long)_used + length);
                    if (size > Array.MaxLength)
                    {
                        throw new InvalidCastException("one row group's values of this column exceed 2 GB; lower row_group_rows");
                    }
                    Array.Resize(ref _arena, (int)size);
                }
                if (_count == _starts.Length)
                {
                    Array.Resize(ref _starts, _starts.Length * 2);
                    Array.Resize(ref _lengths, _lengths.Length * 2);
                }
                _starts[_count] = _used;
                _lengths[_count] = System.Text.Encoding.UTF8.GetBytes(text, _arena.AsSpan(_used));
                _used += length;
                _count++;
            }
        }

        public override void Write(RowGroupWriter rowGroup, int count)
        {
            var pointers = new ByteArray[_count];
            var handle = GCHandle.Alloc(_arena, GCHandleType.Pinned);
            try
            {
                var start = handle.AddrOfPinnedObject();
                for (var i = 0; i < _count; i++)
                {
                    pointers[i] = new ByteArray(start + _starts[i], _lengths[i]);
                }
                using var column = rowGroup.NextColumn();
                ((ColumnWriter<ByteArray>)column).WriteBatch(LevelCount, Definitions, Repetitions, pointers);
            }
            finally
            {
                handle.Free();
            }
            _count = 0;
            _used = 0;
            ClearLevels();
        }
    }

    /// <summary>
    /// uuid[]: PostgreSQL's binary array (dimensions, a has-null flag, the element type, then each element as a length, -1 for NULL,
    /// and its 16 bytes) written as a Parquet LIST of UUID, levels as in <see cref="ListBuffer"/>.
    /// </summary>
    private sealed class UuidListValues(int capacity) : ListBuffer(capacity)
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
}
