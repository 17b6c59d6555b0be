using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>A reader of a line-based text format (CSV, JSON lines), which <see cref="GzipSniffer"/> can feed with decompressed bytes.</summary>
internal abstract class TextSniffer : SchemaSniffer
{
    /// <summary>The format's word (csv, jsonl).</summary>
    public abstract string Format { get; }

    /// <summary>Total bytes observed (decompressed, behind a <see cref="GzipSniffer"/>).</summary>
    protected long BytesSeen { get; private set; }

    /// <inheritdoc />
    public sealed override void Observe(ReadOnlySpan<byte> data)
    {
        BytesSeen += data.Length;
        if (data.Length > 0)
        {
            Read(data);
        }
    }

    /// <summary>The next non-empty chunk.</summary>
    protected abstract void Read(ReadOnlySpan<byte> data);

    /// <summary>The result of an object with no bytes at all.</summary>
    protected ObjectSchema EmptyObject() => new(Format, null, 0, null) { Empty = true };
}
