using System.Net.Http.Headers;
using Landfall.Resilience;

namespace Landfall.Telemetry;

/// <summary>Where OpenLineage events go: one JSON document per call.</summary>
internal abstract class LineageTransport : IDisposable
{
    /// <summary>Where, for messages (never a secret).</summary>
    public abstract string Target { get; }

    public abstract Task SendAsync(byte[] json, CancellationToken cancellationToken);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    public static LineageTransport Create(LineageSettings settings, TimeProvider time) => settings.Transport switch
    {
        "http" => new Http(settings, time),
        "file" => new JsonLines(settings.Path!),
        _ => new Stdout(),
    };

    /// <summary>POST to the endpoint: each attempt bounded by the timeout, a few retries on network errors and 5xx/429.</summary>
    private sealed class Http : LineageTransport
    {
        private readonly HttpClient _client;
        private readonly Uri _url;
        private readonly Polly.ResiliencePipeline _retry;

        public Http(LineageSettings settings, TimeProvider time)
        {
            _url = settings.Url!;
            _client = new HttpClient { Timeout = settings.Timeout };
            if (Environment.GetEnvironmentVariable(settings.ApiKeyVariable) is { Length: > 0 } key)
            {
                _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            _retry = RetryPipelines.Create(
                new RetryOptions { MaxAttempts = settings.Retries + 1, Delay = TimeSpan.FromMilliseconds(200), MaxDelay = TimeSpan.FromSeconds(2) },
                e => e is HttpRequestException or TaskCanceledException or TransientStatusException, time, _ => { });
        }

        public override string Target => _url.GetLeftPart(UriPartial.Path);

        public override async Task SendAsync(byte[] json, CancellationToken cancellationToken) =>
            await _retry.ExecuteAsync("lineage_post", Target, async ct =>
            {
                using var content = new ByteArrayContent(json);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await _client.PostAsync(_url, content, ct).ConfigureAwait(false);
                if ((int)response.StatusCode >= 500 || (int)response.StatusCode == 429)
                {
                    throw new TransientStatusException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }
                return true;
            }, cancellationToken).ConfigureAwait(false);

        public override void Dispose()
        {
            _client.Dispose();
            base.Dispose();
        }
    }

    private sealed class TransientStatusException(string message) : Exception(message);

    /// <summary>One event per line, appended (the file can be tailed or shipped by an agent).</summary>
    private sealed class JsonLines(string path) : LineageTransport
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public override string Target => path;

        public override async Task SendAsync(byte[] json, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                await using (stream.ConfigureAwait(false))
                {
                    await stream.WriteAsync(json, cancellationToken).ConfigureAwait(false);
                    stream.WriteByte((byte)'\n');
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        public override void Dispose()
        {
            _gate.Dispose();
            base.Dispose();
        }
    }

    private sealed class Stdout : LineageTransport
    {
        public override string Target => "stdout";

        public override Task SendAsync(byte[] json, CancellationToken cancellationToken)
        {
            var stdout = Console.OpenStandardOutput();
            lock (this)
            {
                stdout.Write(json);
                stdout.WriteByte((byte)'\n');
                stdout.Flush();
            }
            return Task.CompletedTask;
        }
    }
}
