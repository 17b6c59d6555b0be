using System.Globalization;
using System.Text.Json.Nodes;
using Landfall.Manifests;

namespace Landfall.Contracts;

/// <summary>
/// An entity's volume and shape against its <c>expect:</c> bounds and its trailing check. Every expectation leaves evidence: the value
/// seen, the bound, and for the trailing check the dates and values the median came from; one not met fails the date or warns, by its
/// level, unless the run accepts it.
/// </summary>
internal static class ExpectationCheck
{
    /// <summary>The manifest field of the evidence, on the entity's block.</summary>
    public const string Field = "expectations";

    public static void Evaluate(ContractRun run, string entity, EntityOutput output, EntityContract contract,
        IReadOnlyList<EarlierSuccess> earlier, ContractAcceptance acceptance, ContractFindings findings)
    {
        if (contract.Expectations.Count == 0 && contract.Trailing is null)
        {
            return;
        }
        var results = new JsonArray();
        foreach (var e in contract.Expectations)
        {
            var value = Value(output, e.Metric);
            var result = new JsonObject { ["name"] = e.Name, ["level"] = e.Level.ToWord(), ["metric"] = e.Metric.ToWord(), ["bound"] = e.Bound };
            if (value is not { } v)
            {
                result["status"] = "not_evaluable";
                Fail(run, entity, e.Name, e.Level, $"{e.Name}: the entity's {Metric(e.Metric)} are not known for this date (an object's format could not be read)",
                    result, acceptance, findings);
            }
            else
            {
                result["value"] = v;
                var met = e.Met(v);
                result["status"] = met ? "passed" : "failed";
                if (!met)
                {
                    Fail(run, entity, e.Name, e.Level, string.Create(CultureInfo.InvariantCulture,
                        $"{e.Name}: {v} {Metric(e.Metric)}, {(e.IsMinimum ? "below" : "above")} the bound {e.Bound}"), result, acceptance, findings);
                }
            }
            results.Add((JsonNode)result);
        }
        if (contract.Trailing is { } trailing)
        {
            results.Add((JsonNode)Trailing(run, entity, output, trailing, earlier, acceptance, findings));
        }
        findings.Evidence[Field] = results;
    }

    private static JsonObject Trailing(ContractRun run, string entity, EntityOutput output, TrailingCheck t, IReadOnlyList<EarlierSuccess> earlier,
        ContractAcceptance acceptance, ContractFindings findings)
    {
        const string name = "trailing";
        var result = new JsonObject
        {
            ["name"] = name,
            ["level"] = t.Level.ToWord(),
            ["metric"] = t.Metric.ToWord(),
            ["dates_wanted"] = t.Dates,
            ["min_dates"] = t.MinDates,
            ["min_ratio"] = t.MinRatio,
            ["max_ratio"] = t.MaxRatio,
            ["same_weekday"] = t.SameWeekday,
        };
        var window = Window(entity, t, run.Date, earlier);
        result["trailing"] = new JsonArray([.. window.Select(w => (JsonNode)new JsonObject
        {
            ["ingest_date"] = Layout.ManifestKeys.FormatDate(w.Date),
            ["run_id"] = w.RunId,
            ["value"] = w.Value,
        })]);
        var value = Value(output, t.Metric);
        if (value is { } v)
        {
            result["value"] = v;
        }
        var which = t.SameWeekday ? $"earlier successful {run.Date.DayOfWeek}s" : "earlier successful dates";
        if (window.Count < t.MinDates)
        {
            result["status"] = "insufficient_history";
            result["note"] = $"{window.Count} {which} with a {Metric(t.Metric)} count, fewer than min_dates ({t.MinDates}): not checked";
            return result;
        }
        var median = Median(window.Select(w => w.Value).ToList());
        var low = median * t.MinRatio;
        var high = median * t.MaxRatio;
        result["median"] = median;
        result["low"] = low;
        result["high"] = high;
        if (value is not { } seen)
        {
            result["status"] = "not_evaluable";
            Fail(run, entity, name, t.Level, $"trailing: the entity's {Metric(t.Metric)} are not known for this date", result, acceptance, findings);
            return result;
        }
        var met = seen >= low && seen <= high;
        result["status"] = met ? "passed" : "failed";
        if (!met)
        {
            var dates = $"{Layout.ManifestKeys.FormatDate(window[^1].Date)}..{Layout.ManifestKeys.FormatDate(window[0].Date)}";
            Fail(run, entity, name, t.Level, string.Create(CultureInfo.InvariantCulture,
                $"trailing: {seen} {Metric(t.Metric)}, outside {t.MinRatio}x..{t.MaxRatio}x of the median {median} of the last {window.Count} " +
                $"{which} ({dates}): bounds {low}..{high}"), result, acceptance, findings);
        }
        return result;
    }

    /// <summary>The newest earlier successes that recorded the entity's metric (the same weekday only, when asked), newest first.</summary>
    private static List<(DateOnly Date, string RunId, long Value)> Window(string entity, TrailingCheck t, DateOnly date, IReadOnlyList<EarlierSuccess> earlier) =>
        [.. earlier
            .Where(s => !t.SameWeekday || s.Date.DayOfWeek == date.DayOfWeek)
            .Select(s => (s.Date, s.RunId, Value: s.Manifest.Outputs.TryGetValue(entity, out var o) ? Value(o, t.Metric) : null))
            .Where(x => x.Value is not null)
            .Take(t.Dates)
            .Select(x => (x.Date, x.RunId, x.Value!.Value))];

    /// <summary>Whether the earlier successes are enough for <paramref name="t"/>.</summary>
    public static bool Enough(string entity, TrailingCheck t, DateOnly date, IReadOnlyList<EarlierSuccess> earlier) =>
        Window(entity, t, date, earlier).Count >= t.Dates;

    private static double Median(List<long> values)
    {
        values.Sort();
        var mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + (double)values[mid]) / 2;
    }

    internal static long? Value(EntityOutput output, ExpectationMetric metric) => metric switch
    {
        ExpectationMetric.Rows => output.Totals.Rows,
        ExpectationMetric.Objects => output.Totals.Objects,
        _ => output.Totals.Bytes,
    };

    private static string Metric(ExpectationMetric metric) => metric.ToWord();

    private static void Fail(ContractRun run, string entity, string name, ExpectationLevel level, string detail, JsonObject result,
        ContractAcceptance acceptance, ContractFindings findings)
    {
        if (acceptance.Expectations)
        {
            var record = run.Accepted(acceptance.By, "accept_expectations");
            result["accepted"] = record;
            findings.Accepted.Add(new JsonObject
            {
                ["entity"] = entity,
                ["what"] = $"expectation {name}",
                ["by"] = acceptance.By,
                ["via"] = "accept_expectations",
                ["at"] = record["at"]!.DeepClone(),
            });
            ContractLog.ExpectationAccepted(run.Logger, run.Source, entity, run.Day, name, acceptance.By, detail, run.RunId);
            return;
        }
        ContractLog.ExpectationFailed(run.Logger, run.Source, entity, run.Day, name, level.ToWord(), detail, run.RunId);
        var message = $"Entity '{entity}' did not meet its expectation {detail}.";
        if (level == ExpectationLevel.Fail)
        {
            findings.Errors.Add(new ManifestError(entity, "expectation_failed", message +
                " The date fails (level fail); nothing is lost and the date is retried. If the data is right, accept it with " +
                $"'landfall run --date {run.Day} --source {run.Source} --accept-expectations', or change the bound."));
        }
        else
        {
            findings.Warnings.Add(new ManifestError(entity, "expectation_failed", message + " Level warn: the date succeeds."));
        }
    }
}
