using System.Diagnostics;
using Landfall.Claims;
using Landfall.Layout;

namespace Landfall.Telemetry;

/// <summary>
/// The spans of a run: <c>landfall.run</c> around a request, <c>landfall.date</c> per (source, date) with its decision,
/// <c>landfall.entity</c> per entity (a source's own client spans, Npgsql's and HttpClient's, nest under it) and
/// <c>landfall.claim</c>. Each start returns null when nobody listens.
/// </summary>
internal static class RunSpans
{
    public const string Source = "landfall.source";
    public const string IngestDate = "landfall.ingest_date";
    public const string RunId = "landfall.run_id";
    public const string EntityName = "landfall.entity";
    public const string Status = "landfall.status";
    public const string Reason = "landfall.reason";
    public const string Objects = "landfall.objects";
    public const string Bytes = "landfall.bytes";
    public const string Rows = "landfall.rows";
    public const string HostId = "host.id";

    public static Activity? Run(string env)
    {
        var span = LandfallTelemetry.Source.StartActivity("landfall.run");
        span?.SetTag("landfall.env", env);
        span?.SetTag(HostId, HostIdentity.Current);
        return span;
    }

    public static Activity? Date(string source, DateOnly date, string runId)
    {
        var span = LandfallTelemetry.Source.StartActivity("landfall.date");
        if (span is not null)
        {
            Tag(span, source, date, runId);
        }
        return span;
    }

    public static Activity? Entity(string source, string entity, DateOnly date, string runId)
    {
        var span = LandfallTelemetry.Source.StartActivity("landfall.entity");
        if (span is not null)
        {
            Tag(span, source, date, runId);
            span.SetTag(EntityName, entity);
        }
        return span;
    }

    public static Activity? Claim(string source, DateOnly date, string runId)
    {
        var span = LandfallTelemetry.Source.StartActivity("landfall.claim");
        if (span is not null)
        {
            Tag(span, source, date, runId);
        }
        return span;
    }

    /// <summary>The date's decision and what it wrote; an error status with the first error when it failed.</summary>
    public static void End(Activity? span, DateOutcome result)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag(Status, result.Status);
        span.SetTag(Reason, result.Reason);
        span.SetTag(Objects, result.Objects);
        span.SetTag(Bytes, result.Bytes);
        if (result.Rows is { } rows)
        {
            span.SetTag(Rows, rows);
        }
        if (result.Failed)
        {
            var error = result.Errors.Count > 0 ? result.Errors[0] : null;
            span.SetStatus(ActivityStatusCode.Error, error is null ? result.Reason : $"{error.Type}: {error.Message}");
            foreach (var e in result.Errors)
            {
                span.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
                {
                    ["exception.type"] = e.Type,
                    ["exception.message"] = e.Message,
                    [EntityName] = e.Entity,
                }));
            }
        }
    }

    /// <summary>What the entity landed; the exception recorded on the span when it failed.</summary>
    public static void EndEntity(Activity? span, Manifests.EntityTotals? totals, Exception? error)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag(Status, error is null ? "success" : "failed");
        if (totals is not null)
        {
            span.SetTag(Objects, totals.Objects);
            span.SetTag(Bytes, totals.Bytes);
            if (totals.Rows is { } rows)
            {
                span.SetTag(Rows, rows);
            }
        }
        if (error is not null)
        {
            span.AddException(error);
            span.SetStatus(ActivityStatusCode.Error, error.Message);
        }
    }

    private static void Tag(Activity span, string source, DateOnly date, string runId)
    {
        span.SetTag(Source, source);
        span.SetTag(IngestDate, ManifestKeys.FormatDate(date));
        span.SetTag(RunId, runId);
        span.SetTag(HostId, HostIdentity.Current);
    }
}
