using Landfall.Lake;

namespace Landfall.Testing;

/// <summary>Counts lake operations (one S3 request each for small objects) to measure what a run costs.</summary>
public sealed class CountingLake(ILake inner) : ILake
{
    private int _puts, _gets, _heads, _lists, _flushes;
    private readonly List<string> _events = [];

    public int Puts => _puts;
    public int Gets => _gets;
    public int Heads => _heads;
    public int Lists => _lists;
    public int Flushes => _flushes;

    /// <summary>In order: "put immediate|deferred KEY" when a put starts, "flushed" when a flush has completed.</summary>
    public IReadOnlyList<string> Events { get { lock (_events) { return [.. _events]; } } }
    public int Total => _puts + _gets + _heads + _lists;

    public string Description => inner.Description;

    public string UriOf(string key) => inner.UriOf(key);

    public void Reset() => _puts = _gets = _heads = _lists = 0;

    public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
        PutAsync(key, content, contentType, LakeDurability.Immediate, cancellationToken);

    public async Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, LakeDurability durability,
        CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _puts);
        Record($"put {durability.ToString().ToLowerInvariant()} {key}");
        return await inner.PutAsync(key, content, contentType, durability, cancellationToken);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _flushes);
        await inner.FlushAsync(cancellationToken);
        Record("flushed");
    }

    private void Record(string e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _heads);
        return inner.HeadAsync(key, cancellationToken);
    }

    public Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return inner.ListPageAsync(prefix, delimiter, continuationToken, cancellationToken);
    }

    public override string ToString() => $"{Total} requests ({_lists} list, {_gets} get, {_heads} head, {_puts} put)";
}
