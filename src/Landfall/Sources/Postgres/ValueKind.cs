namespace Landfall.Sources.Postgres;

/// <summary>How a PostgreSQL column lands in Parquet (see docs/postgres-types.md).</summary>
internal enum ValueKind
{
    Int16,
    Int32,
    Int64,
    Float,
    Double,
    Bool,
    Decimal,
    Text,
    Json,
    Jsonb,
    Uuid,
    Date,
    Time,
    Timestamp,
    TimestampTz,
    Bytes,
    ListInt16,
    ListInt32,
    ListInt64,
    ListFloat,
    ListDouble,
    ListBool,
    ListText,
    ListUuid,
}
