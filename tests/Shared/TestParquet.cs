using ParquetSharp;

namespace Landfall.Testing;

/// <summary>Parquet files written with ParquetSharp, for the format readers' tests.</summary>
public static class TestParquet
{
    /// <summary>A file of <paramref name="rows"/> rows: id, name, day, price; or, with <paramref name="columns"/>, that many long columns.</summary>
    public static byte[] File(int rows, int columns = 0)
    {
        var path = Path.GetTempFileName();
        try
        {
            Column[] schema = columns > 0
                ? [.. Enumerable.Range(0, columns).Select(i => (Column)new Column<long>($"a_rather_long_column_name_{i}"))]
                : [new Column<long>("id"), new Column<string>("name"), new Column<Date>("day"), new Column<decimal>("price", LogicalType.Decimal(29, 3))];
            using (var writer = new ParquetFileWriter(path, schema))
            using (var group = writer.AppendRowGroup())
            {
                if (columns > 0)
                {
                    for (var i = 0; i < columns; i++)
                    {
                        using var w = group.NextColumn().LogicalWriter<long>();
                        w.WriteBatch([.. Enumerable.Range(0, rows).Select(r => (long)r)]);
                    }
                }
                else
                {
                    using (var w = group.NextColumn().LogicalWriter<long>())
                    {
                        w.WriteBatch([.. Enumerable.Range(0, rows).Select(r => (long)r)]);
                    }
                    using (var w = group.NextColumn().LogicalWriter<string>())
                    {
                        w.WriteBatch([.. Enumerable.Range(0, rows).Select(r => $"n{r}")]);
                    }
                    using (var w = group.NextColumn().LogicalWriter<Date>())
                    {
                        w.WriteBatch([.. Enumerable.Range(0, rows).Select(r => new Date(2026, 1, 1))]);
                    }
                    using (var w = group.NextColumn().LogicalWriter<decimal>())
                    {
                        w.WriteBatch([.. Enumerable.Range(0, rows).Select(r => r / 1000m)]);
                    }
                }
                writer.Close();
            }
            return System.IO.File.ReadAllBytes(path);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
