using System.Collections.Concurrent;
using System.Diagnostics;

namespace Landfall.IntegrationTests.Sources.S3;

/// <summary>
/// Counts the HTTP requests this process sends whose path starts with <c>/{bucket}</c> (path-style S3), by method and query, from the
/// runtime's own HttpClient diagnostics: what the real server receives, retries included. The bucket is unique to a test, so requests
/// of tests running in parallel are not counted.
/// </summary>
internal sealed class HttpRequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _pathPrefix;
    private readonly IDisposable _subscription;
    private readonly ConcurrentQueue<IDisposable> _listeners = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public HttpRequestCounter(string bucket)
    {
        _pathPrefix = "/" + bucket;
        _subscription = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>Each request as <c>METHOD ?query-names</c> (sorted), in the order sent (<c>GET ?versioning</c>, <c>GET ?delimiter&amp;list-type&amp;max-keys&amp;prefix</c>, ...).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public void Reset() => _requests.Clear();

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            _listeners.Enqueue(value.Subscribe(this));
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != "System.Net.Http.HttpRequestOut.Start" || value.Value is null)
        {
            return;
        }
        if (value.Value.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage { RequestUri: { } uri } request
            && uri.AbsolutePath.StartsWith(_pathPrefix, StringComparison.Ordinal))
        {
            var query = string.Join("&", uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0]).Order(StringComparer.Ordinal));
            _requests.Enqueue($"{request.Method} ?{query}");
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _subscription.Dispose();
        while (_listeners.TryDequeue(out var listener))
        {
            listener.Dispose();
        }
    }
}
