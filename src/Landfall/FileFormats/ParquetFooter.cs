using System.Globalization;
using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// The parts of a Parquet footer (Thrift FileMetaData) a schema needs: the schema elements and num_rows. Columns are the leaves of
/// the schema tree, named by their dotted path (<c>address.city</c>, <c>tags.list.element</c>), typed by their physical type and
/// their logical (or older converted) annotation: <c>INT64</c>, <c>BYTE_ARRAY (STRING)</c>, <c>INT32 (DECIMAL(9,2))</c>.
/// </summary>
internal static class ParquetFooter
{
    private static readonly string[] Physical = ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"];

    private static readonly string[] Converted =
    [
        "STRING", "MAP", "MAP_KEY_VALUE", "LIST", "ENUM", "DECIMAL", "DATE", "TIME(MILLIS)", "TIME(MICROS)", "TIMESTAMP(MILLIS)",
        "TIMESTAMP(MICROS)", "UINT_8", "UINT_16", "UINT_32", "UINT_64", "INT_8", "INT_16", "INT_32", "INT_64", "JSON", "BSON", "INTERVAL",
    ];

    private sealed record Element(string Name, int? Type, int TypeLength, int Children, int? ConvertedType, int Scale, int Precision, string? Logical);

    /// <summary>The leaf columns and num_rows of a FileMetaData; a <see cref="FormatException"/> when it is not one.</summary>
    public static (List<SchemaColumn> Columns, long Rows) Read(ReadOnlySpan<byte> footer)
    {
        var reader = new ThriftCompactReader(footer);
        var elements = new List<Element>();
        long rows = -1;
        short last = 0;
        while (true)
        {
            var (id, type) = reader.ReadField(ref last);
            if (type == ThriftCompactReader.Stop)
            {
                break;
            }
            if (id == 2 && type == ThriftCompactReader.List)
            {
                var (count, element) = reader.ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    if (element != ThriftCompactReader.Struct)
                    {
                        throw new FormatException("the schema is not a list of structs");
                    }
                    elements.Add(ReadElement(ref reader));
                }
            }
            else if (id == 3 && type == ThriftCompactReader.I64)
            {
                rows = reader.ReadI64();
            }
            else
            {
                reader.Skip(type);
            }
        }
        if (elements.Count == 0 || rows < 0)
        {
            throw new FormatException("the footer has no schema or no num_rows");
        }
        var columns = new List<SchemaColumn>();
        var at = 1;
        for (var i = 0; i < elements[0].Children; i++)
        {
            Leaves(elements, ref at, "", columns, 0);
        }
        return (columns, rows);
    }

    private static void Leaves(List<Element> elements, ref int at, string prefix, List<SchemaColumn> columns, int depth)
    {
        if (at >= elements.Count || depth > 64)
        {
            throw new FormatException("the schema tree is inconsistent");
        }
        var e = elements[at++];
        var path = prefix.Length == 0 ? e.Name : prefix + "." + e.Name;
        if (e.Children > 0)
        {
            for (var i = 0; i < e.Children; i++)
            {
                Leaves(elements, ref at, path, columns, depth + 1);
            }
            return;
        }
        columns.Add(new SchemaColumn(path, TypeOf(e)));
    }

    private static string TypeOf(Element e)
    {
        var physical = e.Type is { } t && t >= 0 && t < Physical.Length ? Physical[t] : $"type {e.Type}";
        if (e.Type == 7)
        {
            physical += string.Create(CultureInfo.InvariantCulture, $"({e.TypeLength})");
        }
        var annotation = e.Logical ?? (e.ConvertedType is { } c and >= 0 && c < Converted.Length
            ? c == 5 ? string.Create(CultureInfo.InvariantCulture, $"DECIMAL({e.Precision},{e.Scale})") : Converted[c]
            : null);
        return annotation is null ? physical : $"{physical} ({annotation})";
    }

    private static Element ReadElement(ref ThriftCompactReader reader)
    {
        string name = "";
        int? type = null, converted = null;
        int typeLength = 0, children = 0, scale = 0, precision = 0;
        string? logical = null;
        short last = 0;
        while (true)
        {
            var (id, t) = reader.ReadField(ref last);
            if (t == ThriftCompactReader.Stop)
            {
                return new Element(name, type, typeLength, children, converted, scale, precision, logical);
            }
            switch (id)
            {
                case 1 when t == ThriftCompactReader.I32:
                    type = reader.ReadI32();
                    break;
                case 2 when t == ThriftCompactReader.I32:
                    typeLength = reader.ReadI32();
                    break;
                case 4 when t == ThriftCompactReader.Binary:
                    name = reader.ReadString();
                    break;
                case 5 when t == ThriftCompactReader.I32:
                    children = reader.ReadI32();
                    break;
                case 6 when t == ThriftCompactReader.I32:
                    converted = reader.ReadI32();
                    break;
                case 7 when t == ThriftCompactReader.I32:
                    scale = reader.ReadI32();
                    break;
                case 8 when t == ThriftCompactReader.I32:
                    precision = reader.ReadI32();
                    break;
                case 10 when t == ThriftCompactReader.Struct:
                    logical = ReadLogical(ref reader);
                    break;
                default:
                    reader.Skip(t);
                    break;
            }
        }
    }

    /// <summary>The LogicalType union: which member is set, with its parameters.</summary>
    private static string? ReadLogical(ref ThriftCompactReader reader)
    {
        string? logical = null;
        short last = 0;
        while (true)
        {
            var (id, t) = reader.ReadField(ref last);
            if (t == ThriftCompactReader.Stop)
            {
                return logical;
            }
            if (t != ThriftCompactReader.Struct)
            {
                reader.Skip(t);
                continue;
            }
            logical = id switch
            {
                1 => Empty(ref reader, "STRING"),
                2 => Empty(ref reader, "MAP"),
                3 => Empty(ref reader, "LIST"),
                4 => Empty(ref reader, "ENUM"),
                5 => Decimal(ref reader),
                6 => Empty(ref reader, "DATE"),
                7 => Time(ref reader, "TIME"),
                8 => Time(ref reader, "TIMESTAMP"),
                10 => Integer(ref reader),
                11 => Empty(ref reader, "UNKNOWN"),
                12 => Empty(ref reader, "JSON"),
                13 => Empty(ref reader, "BSON"),
                14 => Empty(ref reader, "UUID"),
                15 => Empty(ref reader, "FLOAT16"),
                _ => Empty(ref reader, string.Create(CultureInfo.InvariantCulture, $"LOGICAL({id})")),
            };
        }
    }

    private static string Empty(ref ThriftCompactReader reader, string word)
    {
        reader.Skip(ThriftCompactReader.Struct);
        return word;
    }

    private static string Decimal(ref ThriftCompactReader reader)
    {
        int scale = 0, precision = 0;
        short last = 0;
        while (reader.ReadField(ref last) is var (id, t) && t != ThriftCompactReader.Stop)
        {
            if (id == 1 && t == ThriftCompactReader.I32)
            {
                scale = reader.ReadI32();
            }
            else if (id == 2 && t == ThriftCompactReader.I32)
            {
                precision = reader.ReadI32();
            }
            else
            {
                reader.Skip(t);
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"DECIMAL({precision},{scale})");
    }

    private static string Time(ref ThriftCompactReader reader, string word)
    {
        var utc = false;
        var unit = "?";
        short last = 0;
        while (reader.ReadField(ref last) is var (id, t) && t != ThriftCompactReader.Stop)
        {
            if (id == 1 && t is ThriftCompactReader.True or ThriftCompactReader.False)
            {
                utc = t == ThriftCompactReader.True;
            }
            else if (id == 2 && t == ThriftCompactReader.Struct)
            {
                short unitLast = 0;
                while (reader.ReadField(ref unitLast) is var (u, ut) && ut != ThriftCompactReader.Stop)
                {
                    unit = u switch { 1 => "MILLIS", 2 => "MICROS", 3 => "NANOS", _ => "?" };
                    reader.Skip(ut);
                }
            }
            else
            {
                reader.Skip(t);
            }
        }
        return $"{word}({unit},{(utc ? "UTC" : "local")})";
    }

    private static string Integer(ref ThriftCompactReader reader)
    {
        var bits = 0;
        var signed = true;
        short last = 0;
        while (reader.ReadField(ref last) is var (id, t) && t != ThriftCompactReader.Stop)
        {
            if (id == 1 && t == ThriftCompactReader.Byte)
            {
                bits = reader.ReadByteValue();
            }
            else if (id == 2 && t is ThriftCompactReader.True or ThriftCompactReader.False)
            {
                signed = t == ThriftCompactReader.True;
            }
            else
            {
                reader.Skip(t);
            }
        }
        return string.Create(CultureInfo.InvariantCulture, $"INT({bits},{(signed ? "signed" : "unsigned")})");
    }
}
