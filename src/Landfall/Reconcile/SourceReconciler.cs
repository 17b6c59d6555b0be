using Landfall.Layout;
using Landfall.Manifests;
using Landfall.Planning;
using Landfall.Runs;
using Landfall.Sources;
using Microsoft.Extensions.Logging;

namespace Landfall.Reconcile;

/// <summary>
/// Reconciles some dates of one source: reads each date's latest manifest, observes the source once for every date whose latest
/// manifest is a success (one connection, session or snapshot), compares, and with apply re-ingests each drifted date through the
/// normal runner.
/// </summary>
internal sealed class SourceReconciler(Workspace workspace, IngestRunner runner, ISource source)
{
    private readonly ILogger _logger = workspace.LoggerFactory.CreateLogger("Landfall.Reconcile");

    public async Task<List<ReconcileResult>> ReconcileAsync(IEnumerable<DateOnly> dates, bool apply, CancellationToken cancellationToken)
    {
        var results = new List<ReconcileResult>();
        var candidates = new List<(ReconcileResult Base, Dictionary<string, EntityObservation> Recorded)>();
        foreach (var date in dates.Order())
        {
            var latest = await workspace.Manifests.LatestAsync(source.Name, date, cancellationToken).ConfigureAwait(false);
            if (latest is null)
            {
                continue;
            }
            var result = new ReconcileResult
            {
                Source = source.Name,
                Kind = source.Kind,
                IngestDate = date,
                Status = ReconcileStatus.NoDrift,
                RunId = latest.RunId,
                ManifestKey = latest.Key,
            };
            if (Comparable(latest, result, out var manifest) is { } notComparable)
            {
                results.Add(notComparable);
                continue;
            }
            var reconcilable = (IReconcilableSource)source;
            var recorded = manifest.Outputs.ToDictionary(kv => kv.Key, kv => reconcilable.Recorded(kv.Key, kv.Value), StringComparer.Ordinal);
            candidates.Add((result, recorded));
        }
        if (candidates.Count > 0)
        {
            results.AddRange(await ObserveAsync(candidates, cancellationToken).ConfigureAwait(false));
        }
        results.Sort((a, b) => a.IngestDate.CompareTo(b.IngestDate));
        foreach (var r in results)
        {
            Log(r);
        }
        if (!apply)
        {
            return results;
        }
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Status == ReconcileStatus.Drift)
            {
                results[i] = await ApplyAsync(results[i], cancellationToken).ConfigureAwait(false);
            }
        }
        return results;
    }

    /// <summary>Null when the latest manifest can be compared; else the not_comparable result that says why.</summary>
    private ReconcileResult? Comparable(ManifestRead latest, ReconcileResult result, out Manifest manifest)
    {
        manifest = null!;
        if (!latest.IsSuccess)
        {
            var reason = latest.Outcome == ManifestReadOutcome.Ok ? $"latest_manifest_{latest.StatusText}" : "latest_manifest_unreadable";
            return NotComparable(result, reason, $"the latest manifest of this date is not a success ({latest.State}): " +
                $"nothing succeeded to compare with; a run of {ManifestKeys.FormatDate(result.IngestDate)} for source {source.Name} " +
                "redoes the date");
        }
        if (source is not IReconcilableSource)
        {
            return NotComparable(result, "not_reconcilable", $"source kind '{source.Kind}' cannot be observed (it does not implement reconcile)");
        }
        var bound = latest.TryBind();
        if (bound is null || !source.Entities.Any(bound.Outputs.ContainsKey))
        {
            return NotComparable(result, "no_outputs_layout", "the latest success lists no output of this source's entities in Landfall's " +
                "layout (written by the seed's Python code or another tool): there is nothing to compare with");
        }
        if (bound.SourceKind is { } kind && kind != source.Kind)
        {
            return NotComparable(result, "source_kind_changed", $"the latest success was written by a '{kind}' source; the source is " +
                $"'{source.Kind}' now, so what it recorded cannot be compared with what the source shows");
        }
        manifest = bound;
        return null;
    }

    private async Task<List<ReconcileResult>> ObserveAsync(List<(ReconcileResult Base, Dictionary<string, EntityObservation> Recorded)> candidates,
        CancellationToken cancellationToken)
    {
        var results = new List<ReconcileResult>();
        var context = new SourceObserveContext(source.Name, _logger, workspace.Time);
        ISourceObserver observer;
        try
        {
            observer = await ((IReconcilableSource)source).OpenObserverAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LandfallException || (e is not OperationCanceledException && Failures.IsRecordable(e)))
        {
            return candidates.Select(c => Failed(c.Base, e)).ToList();
        }
        await using (observer.ConfigureAwait(false))
        {
            foreach (var (result, recorded) in candidates)
            {
                IReadOnlyList<EntityObservation> observed;
                try
                {
                    observed = await observer.ObserveAsync(result.IngestDate, recorded, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is LandfallException || (e is not OperationCanceledException && Failures.IsRecordable(e)))
                {
                    results.Add(Failed(result, e));
                    continue;
                }
                var findings = DriftComparer.Compare(recorded, observed);
                results.Add(!findings.AnyCompared
                    ? NotComparable(result, "not_date_scoped", "no entity of this source has data specific to the date: " + string.Join("; ", findings.Notes))
                    : result with
                    {
                        Status = findings.Changes.Count > 0 ? ReconcileStatus.Drift : ReconcileStatus.NoDrift,
                        Entities = findings.Entities,
                        Changes = findings.Changes,
                        Notes = findings.Notes,
                        ReingestDeferred = findings.NotReady.Count > 0 ? string.Join("; ", findings.NotReady) : null,
                    });
            }
        }
        return results;
    }

    /// <summary>Re-ingests a drifted date as a new run: only while the success compared with is still the date's latest manifest.</summary>
    private async Task<ReconcileResult> ApplyAsync(ReconcileResult drifted, CancellationToken cancellationToken)
    {
        var day = ManifestKeys.FormatDate(drifted.IngestDate);
        if (drifted.ReingestDeferred is { } why)
        {
            ReconcileLog.Deferred(_logger, source.Name, day, why);
            return drifted;
        }
        var reingest = new Reingest("reconcile", new ManifestReference(drifted.RunId!, drifted.ManifestKey!),
            new Dictionary<string, System.Text.Json.JsonElement> { [DriftEvidence.Field] = DriftEvidence.For(drifted, workspace.Time.GetUtcNow()) });
        var run = await runner.RunSourceAsync(source, drifted.IngestDate, new RunOptions { Reingest = reingest }, cancellationToken)
            .ConfigureAwait(false);
        return drifted with { Reingest = run with { ReingestReason = reingest.Reason } };
    }

    private static ReconcileResult Failed(ReconcileResult result, Exception e)
    {
        var error = RunErrors.ToError(null, e, CancellationToken.None);
        return result with { Status = ReconcileStatus.Failed, Reason = error.Type, Message = error.Message };
    }

    private static ReconcileResult NotComparable(ReconcileResult result, string reason, string message) =>
        result with { Status = ReconcileStatus.NotComparable, Reason = reason, Message = message };

    private void Log(ReconcileResult r)
    {
        var day = ManifestKeys.FormatDate(r.IngestDate);
        switch (r.Status)
        {
            case ReconcileStatus.Drift:
                ReconcileLog.DriftFound(_logger, r.Source, day, Summary(r), r.RunId);
                break;
            case ReconcileStatus.Failed:
                ReconcileLog.Failed(_logger, r.Source, day, r.Reason!, r.Message!);
                break;
            default:
                ReconcileLog.Compared(_logger, r.Source, day, r.Status.ToWord(), r.Reason ?? Summary(r), r.RunId);
                break;
        }
    }

    /// <summary>A one-line summary of a result's changes: <c>1 added, 2 changed, 0 removed</c>, or a table's rows.</summary>
    public static string Summary(ReconcileResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var parts = new List<string>();
        if (r.Changes.Any(c => c.SourcePath is not null))
        {
            parts.Add($"{Count(r, DriftChangeKind.Added)} added, {Count(r, DriftChangeKind.Changed)} changed, {Count(r, DriftChangeKind.Removed)} removed");
        }
        foreach (var c in r.Changes.Where(c => c.SourcePath is null))
        {
            var before = c.Before?.Rows?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
            parts.Add(c.Change == DriftChangeKind.ContentChanged
                ? $"{c.Entity}: content changed, {c.After?.Rows} rows"
                : $"{c.Entity}: rows {before} -> {c.After?.Rows}");
        }
        return parts.Count > 0 ? string.Join("; ", parts) : "no change";
    }

    private static int Count(ReconcileResult r, DriftChangeKind change) => r.Changes.Count(c => c.Change == change);
}
