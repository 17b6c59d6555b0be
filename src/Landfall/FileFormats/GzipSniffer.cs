using System.IO.Compression;
using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// gzip-compressed CSV or JSON lines: the compressed bytes are inflated as they pass and the text reader sees the plain bytes. Detected
/// by gzip's magic bytes (1f 8b) unless compression is forced. Concatenated gzip members are read as one stream (as gzip -d does).
/// The lake still stores the compressed bytes as they came. Memory: the inflater's window and one output buffer.
/// </summary>
/// <remarks>
/// <see cref="GZipStream"/> reads from a feed holding the chunk just observed; when the feed runs dry it returns 0 and the stream
/// waits with its state intact until the next chunk (.NET does not fail a truncated stream unless strict validation is switched on,
/// which Landfall never does). A unit test feeds it byte by byte, so a runtime that changes this is caught.
/// </remarks>
internal sealed class GzipSniffer(TextSniffer inner, bool forced) : SchemaSniffer
{
    private readonly Feed _feed = new();
    private readonly byte[] _output = new byte[64 * 1024];
    private readonly byte[] _magic = new byte[2];
    private int _magicSeen;
    private bool? _gzip = forced ? true : null;
    private GZipStream? _inflate;
    private string? _problem;

    /// <inheritdoc />
    public override void Observe(ReadOnlySpan<byte> data)
    {
        if (_problem is not null || data.Length == 0)
        {
            return;
        }
        if (_gzip is null)
        {
            // Decide on the first two bytes, which may come in two chunks.
            while (_magicSeen < 2 && data.Length > 0)
            {
                _magic[_magicSeen++] = data[0];
                data = data[1..];
            }
            if (_magicSeen < 2)
            {
                return;
            }
            _gzip = _magic[0] == 0x1f && _magic[1] == 0x8b;
            Pass(_magic);
        }
        Pass(data);
    }

    private void Pass(ReadOnlySpan<byte> data)
    {
        if (_gzip != true)
        {
            inner.Observe(data);
            return;
        }
        _inflate ??= new GZipStream(_feed, CompressionMode.Decompress);
        _feed.Set(data);
        try
        {
            int n;
            while ((n = _inflate.Read(_output)) > 0)
            {
                inner.Observe(_output.AsSpan(0, n));
            }
        }
        catch (InvalidDataException e)
        {
            _problem = $"not_gzip: the bytes are not valid gzip ({e.Message})";
        }
    }

    /// <inheritdoc />
    public override ObjectSchema Complete()
    {
        if (_gzip is null && _magicSeen > 0)
        {
            _gzip = false;
            inner.Observe(_magic.AsSpan(0, _magicSeen));
        }
        var result = inner.Complete();
        if (_problem is not null)
        {
            return new ObjectSchema(inner.Format, null, null, _problem) { Compression = "gzip" };
        }
        return _gzip == true ? result with { Compression = "gzip" } : result;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflate?.Dispose();
            _feed.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>A stream over the chunk being fed; empty between chunks.</summary>
    private sealed class Feed : Stream
    {
        private byte[] _data = [];
        private int _length;
        private int _at;

        /// <summary>Copies the chunk into a buffer reused from chunk to chunk (the observed span lives only for the call).</summary>
        public void Set(ReadOnlySpan<byte> data)
        {
            if (_data.Length < data.Length)
            {
                _data = new byte[Math.Max(data.Length, 64 * 1024)];
            }
            data.CopyTo(_data);
            (_length, _at) = (data.Length, 0);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _length - _at);
            _data.AsSpan(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
