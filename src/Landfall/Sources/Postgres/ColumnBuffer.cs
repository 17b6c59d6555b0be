using Npgsql;
using ParquetSharp;

namespace Landfall.Sources.Postgres;

/// <summary>One row group's values of one column: filled row by row from the reader, then written as one column chunk.</summary>
internal abstract class ColumnBuffer
{
    /// <summary>Reads the value at <paramref name="ordinal"/> of the current row into slot <paramref name="row"/>.</summary>
    public abstract void Read(NpgsqlDataReader reader, int ordinal, int row);

    /// <summary>Writes the first <paramref name="count"/> values as the next column of <paramref name="rowGroup"/>, then forgets them.</summary>
    public abstract void Write(RowGroupWriter rowGroup, int count);

    /// <summary>The Parquet column for a plan.</summary>
    public static Column ColumnFor(ColumnPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Kind switch
        {
            ValueKind.Int16 => new Column<short?>(plan.Name),
            ValueKind.Int32 => new Column<int?>(plan.Name),
            ValueKind.Int64 => new Column<long?>(plan.Name),
            ValueKind.Float => new Column<float?>(plan.Name),
            ValueKind.Double => new Column<double?>(plan.Name),
            ValueKind.Bool => new Column<bool?>(plan.Name),
            ValueKind.Decimal => new Column<decimal?>(plan.Name, LogicalType.Decimal(plan.Precision, plan.Scale)),
            ValueKind.Text => new Column<string>(plan.Name, LogicalType.String()),
            ValueKind.Json => new Column<string>(plan.Name, LogicalType.Json()),
            ValueKind.Uuid => new Column<Guid?>(plan.Name),
            ValueKind.Date => new Column<Date?>(plan.Name, LogicalType.Date()),
            ValueKind.Time => new Column<TimeSpan?>(plan.Name, LogicalType.Time(isAdjustedToUtc: false, TimeUnit.Micros)),
            ValueKind.Timestamp => new Column<long?>(plan.Name, LogicalType.Timestamp(isAdjustedToUtc: false, TimeUnit.Micros)),
            ValueKind.TimestampTz => new Column<long?>(plan.Name, LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
            ValueKind.Bytes => new Column<byte[]>(plan.Name),
            ValueKind.ListInt16 => new Column<short?[]>(plan.Name),
            ValueKind.ListInt32 => new Column<int?[]>(plan.Name),
            ValueKind.ListInt64 => new Column<long?[]>(plan.Name),
            ValueKind.ListFloat => new Column<float?[]>(plan.Name),
            ValueKind.ListDouble => new Column<double?[]>(plan.Name),
            ValueKind.ListBool => new Column<bool?[]>(plan.Name),
            ValueKind.ListText => new Column<string[]>(plan.Name, LogicalType.String()),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Kind, "unknown kind"),
        };
    }

    /// <summary>A buffer of <paramref name="capacity"/> rows for a plan.</summary>
    public static ColumnBuffer For(ColumnPlan plan, int capacity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Kind switch
        {
            ValueKind.Int16 => Nullable(capacity, static (r, i) => r.GetInt16(i)),
            ValueKind.Int32 => Nullable(capacity, static (r, i) => r.GetInt32(i)),
            ValueKind.Int64 => Nullable(capacity, static (r, i) => r.GetInt64(i)),
            ValueKind.Float => Nullable(capacity, static (r, i) => r.GetFloat(i)),
            ValueKind.Double => Nullable(capacity, static (r, i) => r.GetDouble(i)),
            ValueKind.Bool => Nullable(capacity, static (r, i) => r.GetBoolean(i)),
            ValueKind.Decimal => Nullable(capacity, static (r, i) => r.GetDecimal(i)),
            ValueKind.Text or ValueKind.Json => Reference(capacity, static (r, i) => r.GetString(i)),
            ValueKind.Uuid => Nullable(capacity, static (r, i) => r.GetGuid(i)),
            ValueKind.Date => Nullable(capacity, static (r, i) => new Date(r.GetInt32(i))),
            ValueKind.Time => Nullable(capacity, static (r, i) => r.GetFieldValue<TimeSpan>(i)),
            ValueKind.Timestamp or ValueKind.TimestampTz => Nullable(capacity, static (r, i) => ToMicros(r.GetFieldValue<DateTime>(i))),
            ValueKind.Bytes => Reference(capacity, static (r, i) => r.GetFieldValue<byte[]>(i)),
            ValueKind.ListInt16 => Reference(capacity, static (r, i) => r.GetFieldValue<short?[]>(i)),
            ValueKind.ListInt32 => Reference(capacity, static (r, i) => r.GetFieldValue<int?[]>(i)),
            ValueKind.ListInt64 => Reference(capacity, static (r, i) => r.GetFieldValue<long?[]>(i)),
            ValueKind.ListFloat => Reference(capacity, static (r, i) => r.GetFieldValue<float?[]>(i)),
            ValueKind.ListDouble => Reference(capacity, static (r, i) => r.GetFieldValue<double?[]>(i)),
            ValueKind.ListBool => Reference(capacity, static (r, i) => r.GetFieldValue<bool?[]>(i)),
            ValueKind.ListText => Reference(capacity, static (r, i) => r.GetFieldValue<string[]>(i)),
            _ => throw new ArgumentOutOfRangeException(nameof(plan), plan.Kind, "unknown kind"),
        };
    }

    /// <summary>
    /// Microseconds since 1970-01-01. Npgsql reads infinity as DateTime.MaxValue and -infinity as DateTime.MinValue; they become
    /// long.MaxValue and -long.MaxValue, which DuckDB (and PostgreSQL's own binary format, shifted) read as ±infinity.
    /// </summary>
    public static long ToMicros(DateTime value)
    {
        if (value == DateTime.MaxValue)
        {
            return long.MaxValue;
        }
        if (value == DateTime.MinValue)
        {
            return -long.MaxValue;
        }
        return (value.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;
    }

    private static Values<T?> Nullable<T>(int capacity, Func<NpgsqlDataReader, int, T> read)
        where T : struct => new Values<T?>(capacity, (r, i) => read(r, i));

    private static Values<T?> Reference<T>(int capacity, Func<NpgsqlDataReader, int, T> read)
        where T : class => new Values<T?>(capacity, read);

    private sealed class Values<T>(int capacity, Func<NpgsqlDataReader, int, T> read) : ColumnBuffer
    {
        private readonly T?[] _values = new T?[capacity];

        public override void Read(NpgsqlDataReader reader, int ordinal, int row) =>
            _values[row] = reader.IsDBNull(ordinal) ? default : read(reader, ordinal);

        public override void Write(RowGroupWriter rowGroup, int count)
        {
            using var column = rowGroup.NextColumn();
            using var writer = column.LogicalWriterOverride<T?>();
            writer.WriteBatch(_values, 0, count);
            // Let the GC take strings and arrays of the written row group now, not when the slot is reused.
            Array.Clear(_values, 0, count);
        }
    }
}
