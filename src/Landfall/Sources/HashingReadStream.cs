using System.Security.Cryptography;
using Landfall.FileFormats;

namespace Landfall.Sources;

/// <summary>A read-only stream that SHA-256s and counts every byte as it passes, so a file is fingerprinted as it streams.</summary>
internal sealed class HashingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly bool _leaveOpen;
    private string? _hex;
    private IncrementalHash? _md5;
    private byte[]? _md5Value;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    public HashingReadStream(Stream inner, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _leaveOpen = leaveOpen;
    }

    // Live progress: told how many bytes each read returned.
    internal Action<int>? OnRead { get; init; }

    // Also an MD5 of the bytes, to compare with a Content-MD5 the source recorded (Azure blobs); off unless asked.
    internal bool WithMd5
    {
        get => _md5 is not null;
        init => _md5 = value ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
    }

    /// <summary>The MD5 of everything read when <see cref="WithMd5"/>, else null; call once the stream is consumed.</summary>
    public byte[]? Md5 => _md5Value ??= _md5?.GetHashAndReset();

    // The entity's format reader (format: csv, jsonl, parquet): shown the same bytes, in the same single pass.
    internal SchemaSniffer? Sniffer { get; init; }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The lower-case hex SHA-256 of everything read; call once the stream is consumed.</summary>
    public string Sha256Hex => _hex ??= Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <inheritdoc />
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var n = _inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..n]);
        return n;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _md5?.Dispose();
            if (!_leaveOpen)
            {
                _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> data)
    {
        if (_hex is not null && data.Length > 0)
        {
            throw new InvalidOperationException("The hash was already taken; no more bytes may pass.");
        }
        _hash.AppendData(data);
        _md5?.AppendData(data);
        Sniffer?.Observe(data);
        BytesRead += data.Length;
        OnRead?.Invoke(data.Length);
    }
}
