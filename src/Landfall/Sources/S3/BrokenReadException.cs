namespace Landfall.Sources.S3;

/// <summary>
/// A GET's body broke off or stalled after the request succeeded (its own retries cover only the request): the whole transfer is
/// worth another attempt. Recorded as connection_failed when the attempts run out.
/// </summary>
internal sealed class BrokenReadException(string message, Exception innerException)
    : SourceException("connection_failed", message, innerException, isTransient: true);
