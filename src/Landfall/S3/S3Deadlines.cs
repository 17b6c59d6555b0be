using Landfall.Config;
using Landfall.Resilience;

namespace Landfall.S3;

/// <summary>
/// The deadlines of one S3 attempt, lake and source alike: a small request must be answered within request_timeout, a transfer
/// must move a byte at least every stall_timeout. Either expires as a <see cref="StallException"/> that names the endpoint; it is
/// transient, so the one retry policy tries again, and when the attempts run out the call fails with it.
/// </summary>
internal sealed class S3Deadlines(S3ConnectionSettings settings, TimeProvider time)
{
    /// <summary>Runs a small request under request_timeout.</summary>
    public Task<T> RequestAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        WithinAsync(settings.RequestTimeout, $"{what} at {settings.Where} got no answer within {ConfigDuration.Format(settings.RequestTimeout)} " +
            "(request_timeout)", call, cancellationToken);

    /// <summary>Runs a long request whose only sign of life is its answer (a server-side copy) under <paramref name="limit"/>.</summary>
    public Task<T> LongRequestAsync<T>(string what, TimeSpan limit, string setting, Func<CancellationToken, Task<T>> call,
        CancellationToken cancellationToken) =>
        WithinAsync(limit, $"{what} at {settings.Where} got no answer within {ConfigDuration.Format(limit)} ({setting})", call, cancellationToken);

    /// <summary>
    /// Runs an upload whose body the call reads through the stream wrapper it is given: the attempt is dropped when no byte of the
    /// body is taken, and no answer comes, for stall_timeout.
    /// </summary>
    public async Task<T> UploadAsync<T>(string what, Func<Func<Stream, Stream>, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var dog = new ProgressWatchdog(settings.StallTimeout, time, cancellationToken);
        try
        {
            return await call(body => new ProgressStream(body, dog.Progress), dog.Token).WaitAsync(dog.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (dog.Caused(e))
        {
            throw new StallException($"{what} at {settings.Where} moved no byte for {ConfigDuration.Format(settings.StallTimeout)} " +
                "(stall_timeout)", e);
        }
    }

    /// <summary>A response body that must bring a byte at least every stall_timeout; <paramref name="onStall"/> drops the connection.</summary>
    public Stream Body(Stream body, string what, Action onStall) =>
        new WatchedReadStream(body, settings.StallTimeout, time, $"{what} at {settings.Where}", onStall);

    private async Task<T> WithinAsync<T>(TimeSpan limit, string message, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var dog = new ProgressWatchdog(limit, time, cancellationToken);
        try
        {
            return await call(dog.Token).WaitAsync(dog.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (dog.Caused(e))
        {
            throw new StallException(message, e);
        }
    }
}
