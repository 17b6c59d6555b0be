using Landfall.Contracts;

namespace Landfall.FileFormats;

/// <summary>
/// Reads an object's schema from its bytes as they stream into the lake, in the same single pass that hashes them, with bounded
/// memory: it is shown every chunk once, in order, and asked for the result after the last one. It never throws for what it reads
/// (a malformed object is a <see cref="ObjectSchema.Problem"/>), so the copy itself never fails because of it.
/// </summary>
internal abstract class SchemaSniffer : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the reader holds (an inflater); nothing for most.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The next bytes of the object.</summary>
    public abstract void Observe(ReadOnlySpan<byte> data);

    /// <summary>What was read, once the last byte has been observed.</summary>
    public abstract ObjectSchema Complete();
}
