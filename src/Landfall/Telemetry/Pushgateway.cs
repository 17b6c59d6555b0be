using System.Text;
using Landfall.Claims;
using Microsoft.Extensions.Logging;

namespace Landfall.Telemetry;

/// <summary>
/// Pushes a run's metrics to a Prometheus Pushgateway when the run ends, one group per source (grouping key job/source/host), the
/// usual pattern for batch jobs. POST: a push replaces the metrics it names in the group, so that the last success's timestamp
/// stays when a run has none. Bounded by the push timeout; a failure is logged
/// once and never fails the run.
/// </summary>
internal static class Pushgateway
{
    public static async Task PushAsync(TelemetrySettings settings, string env, IReadOnlyList<DateOutcome> report, DateTimeOffset now, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (settings.Pushgateway is not { } gateway || report.Count == 0)
        {
            return;
        }
        var host = HostIdentity.Current;
        var groups = report.GroupBy(r => r.Source, StringComparer.Ordinal).ToList();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PushTimeout);
        using var client = new HttpClient { Timeout = settings.PushTimeout };
        var target = gateway.GetLeftPart(UriPartial.Path);
        try
        {
            foreach (var group in groups)
            {
                var url = new Uri(gateway, $"{gateway.AbsolutePath.TrimEnd('/')}/metrics/job/{Segment(settings.PushgatewayJob)}" +
                    $"/source/{Segment(group.Key)}/host/{Segment(host)}");
                using var content = new StringContent(Text(env, [.. group], now), Encoding.UTF8);
                content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(PrometheusText.ContentType);
                using var response = await client.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                    throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}");
                }
            }
            TelemetryLog.Pushed(logger, target, groups.Count);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            var problem = e is OperationCanceledException && !cancellationToken.IsCancellationRequested
                ? $"no answer within push_timeout ({settings.PushTimeout.TotalSeconds}s)"
                : e.Message;
            TelemetryLog.PushFailed(logger, target, problem);
        }
    }

    /// <summary>A grouping key value: URL-safe base64 (the Pushgateway's <c>@base64</c> form) when it is not a plain segment.</summary>
    private static string Segment(string value) => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        ? value
        : value.Length == 0 ? "=@base64" : Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).Replace('+', '-').Replace('/', '_') + "@base64";

    /// <summary>The metrics of one source's results in this run, in the Prometheus text format.</summary>
    internal static string Text(string env, IReadOnlyList<DateOutcome> results, DateTimeOffset now)
    {
        var text = new PrometheusText();
        text.Family("landfall_run_dates", "gauge", "(source, date) pairs this run visited, by outcome and reason");
        foreach (var g in results.GroupBy(r => (Outcome: r.Status, Reason: r.Reason ?? "")))
        {
            text.Sample("landfall_run_dates", g.Count(), ("env", env), ("outcome", g.Key.Outcome), ("reason", g.Key.Reason));
        }
        text.Family("landfall_run_objects", "gauge", "Objects this run wrote to bronze, by entity");
        text.Family("landfall_run_bytes", "gauge", "Bytes this run wrote to bronze, by entity");
        text.Family("landfall_run_rows", "gauge", "Rows this run wrote to bronze, by entity (tabular entities)");
        foreach (var entity in results.SelectMany(r => r.EntityTotals)
            .GroupBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Sample("landfall_run_objects", entity.Sum(e => e.Value.Objects), ("env", env), ("entity", entity.Key));
            text.Sample("landfall_run_bytes", entity.Sum(e => e.Value.Bytes), ("env", env), ("entity", entity.Key));
            if (entity.Any(e => e.Value.Rows is not null))
            {
                text.Sample("landfall_run_rows", entity.Sum(e => e.Value.Rows ?? 0), ("env", env), ("entity", entity.Key));
            }
        }
        text.Family("landfall_run_duration_seconds", "gauge", "Time this run spent on the source's dates");
        text.Sample("landfall_run_duration_seconds", results.Sum(r => r.DurationMs) / 1000.0, ("env", env));
        text.Family("landfall_run_failed", "gauge", "1 when a date of the source failed in this run, else 0");
        text.Sample("landfall_run_failed", results.Any(r => r.Failed) ? 1 : 0, ("env", env));
        text.Family("landfall_run_end_timestamp_seconds", "gauge", "When the run ended (Unix time)");
        text.Sample("landfall_run_end_timestamp_seconds", now.ToUnixTimeMilliseconds() / 1000.0, ("env", env));
        if (results.Any(r => r.Status == "success"))
        {
            text.Family("landfall_run_last_success_timestamp_seconds", "gauge", "When a run last ingested a date of the source successfully (Unix time)");
            text.Sample("landfall_run_last_success_timestamp_seconds", now.ToUnixTimeMilliseconds() / 1000.0, ("env", env));
        }
        return text.ToString();
    }
}
