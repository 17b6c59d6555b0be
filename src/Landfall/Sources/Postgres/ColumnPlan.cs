using System.Globalization;
using Npgsql.PostgresTypes;
using Npgsql.Schema;

namespace Landfall.Sources.Postgres;

/// <summary>
/// One output column: its name (kept as it is), the PostgreSQL type, how it lands in Parquet, and the select expression that
/// reads it (a cast to text for the types carried as their text form).
/// </summary>
internal sealed record ColumnPlan(string Name, string PgType, ValueKind Kind, string Expression, bool Unmapped, int Precision = 0, int Scale = 0)
{
    /// <summary>Largest numeric precision written as a Parquet DECIMAL (.NET decimal holds 28 digits exactly).</summary>
    public const int MaxDecimalPrecision = 28;

    /// <summary>The plan for every column of a query's result.</summary>
    /// <param name="columns">The server's description of the result.</param>
    /// <param name="alias">The alias of the wrapped query.</param>
    /// <param name="enums">Type oids that are enums or arrays of enums (Npgsql does not always know them as such).</param>
    public static IReadOnlyList<ColumnPlan> For(IReadOnlyList<NpgsqlDbColumn> columns, string alias, IReadOnlySet<uint> enums)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(enums);
        var plans = new List<ColumnPlan>(columns.Count);
        foreach (var c in columns)
        {
            plans.Add(For(c, alias + "." + PostgresEntity.QuoteIdentifier(c.ColumnName), enums.Contains(c.TypeOID)));
        }
        return plans;
    }

    private static ColumnPlan For(NpgsqlDbColumn column, string reference, bool isEnum)
    {
        var type = Unwrap(column.PostgresType);
        if (isEnum)
        {
            // Enums and arrays of enums: their labels as text.
            return type is PostgresArrayType
                ? new ColumnPlan(column.ColumnName, column.DataTypeName, ValueKind.ListText, reference + "::text[]", Unmapped: false)
                : new ColumnPlan(column.ColumnName, column.DataTypeName, ValueKind.Text, reference + "::text", Unmapped: false);
        }
        var display = type.InternalName == "numeric" && column.NumericPrecision is > 0
            ? string.Create(CultureInfo.InvariantCulture, $"numeric({column.NumericPrecision},{column.NumericScale ?? 0})")
            : column.DataTypeName;
        var name = column.ColumnName;
        if (type is PostgresArrayType array)
        {
            var element = Unwrap(array.Element);
            ValueKind? kind = element is PostgresEnumType ? null : element.InternalName switch
            {
                "int2" => ValueKind.ListInt16,
                "int4" => ValueKind.ListInt32,
                "int8" => ValueKind.ListInt64,
                "float4" => ValueKind.ListFloat,
                "float8" => ValueKind.ListDouble,
                "bool" => ValueKind.ListBool,
                "text" or "varchar" or "bpchar" or "name" => ValueKind.ListText,
                "uuid" => ValueKind.ListUuid,
                _ => null,
            };
            if (kind is { } k)
            {
                return new ColumnPlan(name, display, k, reference, Unmapped: false);
            }
            // Arrays of other element types land as lists of the elements' text forms (documented); unknown ones are named.
            return new ColumnPlan(name, display, ValueKind.ListText, reference + "::text[]", Unmapped: !IsKnownScalar(element));
        }
        if (type is PostgresEnumType)
        {
            return new ColumnPlan(name, display, ValueKind.Text, reference + "::text", Unmapped: false);
        }
        if (type.InternalName == "numeric" && column.NumericPrecision is { } p and > 0 and <= MaxDecimalPrecision)
        {
            return new ColumnPlan(name, display, ValueKind.Decimal, reference, false, p, column.NumericScale ?? 0);
        }
        // Types read as they are; the rest as their exact text form (interval, unconstrained or wide numeric), unknown ones named.
        return Scalars.TryGetValue(type.InternalName, out var scalar)
            ? new ColumnPlan(name, display, scalar, reference, false)
            : new ColumnPlan(name, display, ValueKind.Text, reference + "::text", Unmapped: !IsKnownScalar(type));
    }

    /// <summary>The scalar types read in their binary form, by PostgreSQL's internal name.</summary>
    private static readonly Dictionary<string, ValueKind> Scalars = new(StringComparer.Ordinal)
    {
        ["int2"] = ValueKind.Int16,
        ["int4"] = ValueKind.Int32,
        ["int8"] = ValueKind.Int64,
        ["float4"] = ValueKind.Float,
        ["float8"] = ValueKind.Double,
        ["bool"] = ValueKind.Bool,
        ["text"] = ValueKind.Text,
        ["varchar"] = ValueKind.Text,
        ["bpchar"] = ValueKind.Text,
        ["name"] = ValueKind.Text,
        ["json"] = ValueKind.Json,
        ["jsonb"] = ValueKind.Jsonb,
        ["uuid"] = ValueKind.Uuid,
        ["time"] = ValueKind.Time,
        ["timestamp"] = ValueKind.Timestamp,
        ["timestamptz"] = ValueKind.TimestampTz,
        ["bytea"] = ValueKind.Bytes,
        ["date"] = ValueKind.Date,
    };

    private static bool IsKnownScalar(PostgresType type) =>
        type is PostgresEnumType || Scalars.ContainsKey(type.InternalName) || type.InternalName is "interval" or "numeric";

    private static PostgresType Unwrap(PostgresType type)
    {
        while (type is PostgresDomainType domain)
        {
            type = domain.BaseType;
        }
        return type;
    }

    /// <summary>The Parquet type this column is written as, for docs and the manifest.</summary>
    public string ParquetType => Kind switch
    {
        ValueKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({Precision},{Scale})"),
        ValueKind.Jsonb => nameof(ValueKind.Json),
        _ => Kind.ToString(),
    };
}
