using ParquetSharp;

namespace Landfall.Current;

/// <summary>
/// Writes the object table as one Parquet file: one row per object of every run, with <c>is_current</c> for the objects of each
/// date's current run. Rows are buffered one row group at a time, so memory stays bounded whatever the history.
/// </summary>
internal static class ObjectTableWriter
{
    private static readonly Column[] Columns =
    [
        new Column<string>("source"),
        new Column<string>("entity"),
        new Column<Date>("ingest_date"),
        new Column<string>("run_id"),
        new Column<string>("status"),
        new Column<string>("date_status"),
        new Column<bool>("is_current"),
        new Column<string>("uri"),
        new Column<string>("key"),
        new Column<long>("bytes"),
        new Column<string>("sha256"),
        new Column<long?>("rows"),
        new Column<DateTime?>("started_at", LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
        new Column<DateTime?>("ended_at", LogicalType.Timestamp(isAdjustedToUtc: true, TimeUnit.Micros)),
        new Column<string>("manifest_key"),
    ];

    /// <summary>Writes <paramref name="rows"/> as a Parquet file into <paramref name="output"/> (left open); returns how many rows it holds.</summary>
    public static async Task<long> WriteAsync(IAsyncEnumerable<ObjectTableRow> rows, Stream output, CancellationToken cancellationToken)
    {
        var count = 0L;
        var batch = new List<ObjectTableRow>(Tuning.ExportRowGroupRows);
        using var properties = new WriterPropertiesBuilder().Compression(Compression.Zstd).Build();
        using var file = new ParquetFileWriter(output, Columns, LogicalTypeFactory.Default, properties, keyValueMetadata: null, leaveOpen: true);
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(row);
            if (batch.Count == Tuning.ExportRowGroupRows)
            {
                count += Flush(file, batch);
            }
        }
        // Always one row group, even an empty one: readers see the schema.
        if (batch.Count > 0 || count == 0)
        {
            count += Flush(file, batch);
        }
        file.Close();
        return count;
    }

    private static int Flush(ParquetFileWriter file, List<ObjectTableRow> batch)
    {
        using var group = file.AppendRowGroup();
        Write(group, batch.Select(r => r.Source));
        Write(group, batch.Select(r => r.Entity));
        Write(group, batch.Select(r => new Date(r.IngestDate.Year, r.IngestDate.Month, r.IngestDate.Day)));
        Write(group, batch.Select(r => r.RunId));
        Write(group, batch.Select(r => r.Status.Text));
        Write(group, batch.Select(r => r.DateStatus.Text));
        Write(group, batch.Select(r => r.IsCurrent));
        Write(group, batch.Select(r => r.Item.Uri));
        Write(group, batch.Select(r => r.Item.Key));
        Write(group, batch.Select(r => r.Item.Bytes));
        Write(group, batch.Select(r => r.Item.Sha256));
        Write(group, batch.Select(r => r.Item.Rows));
        Write(group, batch.Select(r => r.StartedAt?.UtcDateTime));
        Write(group, batch.Select(r => r.EndedAt?.UtcDateTime));
        Write(group, batch.Select(r => r.ManifestKey));
        var written = batch.Count;
        batch.Clear();
        return written;
    }

    private static void Write<T>(RowGroupWriter group, IEnumerable<T> values)
    {
        using var writer = group.NextColumn().LogicalWriter<T>();
        writer.WriteBatch(values.ToArray());
    }
}
