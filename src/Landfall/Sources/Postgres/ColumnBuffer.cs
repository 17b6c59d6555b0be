using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>
/// One row group's values of one column: filled row by row from the reader, then written as one column chunk.
/// Scalar columns are read as PostgreSQL's binary wire form (<see cref="NpgsqlDataReader.GetBytes"/> copies the raw bytes, no
/// object per value), decoded here and written with ParquetSharp's physical column writers: text, json and bytea bytes go from
/// the read buffer into one byte arena per column and on to Parquet without ever becoming .NET strings. The wire decoding is in
/// <see cref="PostgresWire"/>, the Parquet types in <see cref="ParquetColumns"/>, the buffers by family in FixedValueBuffers,
/// ByteValueBuffers and ListValueBuffers.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>Reads the value at <paramref name="ordinal"/> of the current row into slot <paramref name="row"/>.</summary>
    public abstract void Read(NpgsqlDataReader reader, int ordinal, int row);

    /// <summary>Writes the first <paramref name="count"/> values as the next column of <paramref name="rowGroup"/>, then forgets them.</summary>
    public abstract void Write(RowGroupWriter rowGroup, int count);

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
}

/// <summary>A scalar column: one definition level per row, 0 for NULL and 1 for a value.</summary>
internal abstract class ScalarBuffer(int capacity) : ColumnBuffer
{
    /// <summary>The rows' definition levels.</summary>
    protected short[] Levels { get; } = new short[capacity];

    /// <summary>Records whether the current row's value is present; true when it is.</summary>
    protected bool Present(NpgsqlDataReader reader, int ordinal, int row)
    {
        var present = !reader.IsDBNull(ordinal);
        Levels[row] = present ? (short)1 : (short)0;
        return present;
    }
}
