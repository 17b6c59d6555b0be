using System.IO.Pipelines;
using Landfall.Manifests;
using ParquetSharp;
using ParquetSharp.Schema;

namespace Landfall.Sources.Postgres;

/// <summary>
/// Writes one entity's rows as Parquet objects while they stream: each row group goes through a <see cref="Pipe"/> straight into
/// the lake's put (hashed and counted by <see cref="EntityWriter"/>); a new object starts once one reaches max_file_bytes.
/// Memory: one row group of values plus what the pipe holds (bounded by back-pressure).
/// </summary>
internal sealed class ParquetObjectWriter : IAsyncDisposable
{
    private const string ContentType = "application/vnd.apache.parquet";
    private readonly EntityWriter _writer;
    private readonly IReadOnlyList<ColumnPlan> _plans;
    private readonly PostgresSettings _settings;
    private readonly CancellationToken _cancellationToken;
    private Pipe? _pipe;
    private PipeWriteStream? _stream;
    private ParquetFileWriter? _file;
    private WriterProperties? _properties;
    private GroupNode? _schema;
    private Task<OutputObject>? _upload;
    private long _fileRows;
    private int _parts;

    public ParquetObjectWriter(EntityWriter writer, IReadOnlyList<ColumnPlan> plans, PostgresSettings settings, CancellationToken cancellationToken)
    {
        _writer = writer;
        _plans = plans;
        _settings = settings;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Rows written to completed and open objects.</summary>
    public long Rows { get; private set; }

    /// <summary>Writes <paramref name="count"/> buffered rows as one row group.</summary>
    public async Task WriteRowGroupAsync(IReadOnlyList<ColumnBuffer> buffers, int count)
    {
        if (_file is null)
        {
            Start();
        }
        using (var rowGroup = _file!.AppendRowGroup())
        {
            foreach (var buffer in buffers)
            {
                buffer.Write(rowGroup, count);
            }
        }
        _fileRows += count;
        Rows += count;
        _writer.Progress.AddRows(count);
        await PushAsync().ConfigureAwait(false);
        if (_stream!.Position >= _settings.MaxFileBytes)
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the last object; a zero-row entity still gets one object holding the schema.</summary>
    public async Task CompleteAsync()
    {
        if (_file is null && _parts == 0)
        {
            Start();
        }
        if (_file is not null)
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    private void Start()
    {
        _pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 << 20, resumeWriterThreshold: 8 << 20, useSynchronizationContext: false));
        _stream = new PipeWriteStream(_pipe.Writer);
        using var builder = new WriterPropertiesBuilder();
        builder.Compression(_settings.Compression).CreatedBy("landfall");
        if (_settings.Compression == Compression.Zstd)
        {
            builder.CompressionLevel(_settings.CompressionLevel);
        }
        // No dictionary pages: on the benchmark table they cost CPU and made the zstd-compressed files larger, not smaller
        // (docs/benchmarks.md); zstd finds the repetitions a dictionary would.
        builder.DisableDictionary();
        _properties = builder.Build();
        var nodes = _plans.Select(ParquetColumns.NodeFor).ToArray();
        try
        {
            _schema = new GroupNode("schema", Repetition.Required, nodes);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
        _file = new ParquetFileWriter(_stream, _schema, _properties, keyValueMetadata: null, leaveOpen: true);
        _fileRows = 0;
        var name = $"part-{_parts:D5}.parquet";
        var pipe = _pipe;
        _upload = Task.Run(async () =>
        {
            var content = pipe.Reader.AsStream();
            try
            {
                return await _writer.WriteAsync(name, content, ContentType, sourcePath: null, sourceModifiedAt: null,
                    rowsWhenDone: () => _fileRows, _cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Unblock the Parquet writer: its next push sees the pipe completed and reports this failure.
                await pipe.Reader.CompleteAsync(ex).ConfigureAwait(false);
                throw;
            }
        }, _cancellationToken);
    }

    private async Task PushAsync()
    {
        try
        {
            await _stream!.PushAsync(_cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (_upload is { IsCompleted: true })
        {
            await _upload.ConfigureAwait(false);
            throw;
        }
    }

    private async Task FinishAsync()
    {
        _file!.Close();
        _file.Dispose();
        _file = null;
        _properties?.Dispose();
        _properties = null;
        _schema?.Dispose();
        _schema = null;
        await PushAsync().ConfigureAwait(false);
        await _pipe!.Writer.CompleteAsync().ConfigureAwait(false);
        await _upload!.ConfigureAwait(false);
        _upload = null;
        _parts++;
    }

    /// <summary>Abandons an unfinished object: the put fails, so nothing half-written is recorded.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_upload is null)
        {
            return;
        }
        await _pipe!.Writer.CompleteAsync(new OperationCanceledException("The entity failed before this Parquet object was complete."))
            .ConfigureAwait(false);
        try
        {
            await _upload.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Expected: the put was aborted on purpose; the entity's own failure is what gets reported.
        }
        try
        {
            _file?.Dispose();
        }
        catch (Exception)
        {
            // The native writer may complain about an unclosed file; nothing of it is kept.
        }
        _properties?.Dispose();
        _schema?.Dispose();
        _upload = null;
    }
}
