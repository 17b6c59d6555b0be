using ParquetSharp;
using ParquetSharp.Schema;

namespace Landfall.Sources.Postgres;

/// <summary>The Parquet schema of a PostgreSQL column: its logical and physical type, every column optional.</summary>
internal static class ParquetColumns
{
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
}
