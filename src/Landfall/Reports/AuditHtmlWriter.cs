using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Landfall.Layout;
using Landfall.Manifests;

namespace Landfall.Reports;

/// <summary>
/// Writes an <see cref="AuditReport"/> as one self-contained HTML file: inline CSS and script, no external asset, so it
/// opens offline from file://. The grid is plain HTML (each cell carries data-source, data-date and data-status); the
/// audit trails travel as JSON in a <c>&lt;script type="application/json"&gt;</c> block, written with an encoder that
/// escapes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, quotes and every non-ASCII character (U+2028 included), so no
/// source name or error message can close the block or open a comment. Output is streamed.
/// </summary>
internal static class AuditHtmlWriter
{
    /// <summary>The id of the JSON data block.</summary>
    public const string DataElementId = "landfall-data";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Writes <paramref name="report"/> as UTF-8 HTML to <paramref name="stream"/> (left open).</summary>
    public static async Task WriteAsync(AuditReport report, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        var dates = report.Dates;
        var head = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (head.ConfigureAwait(false))
        {
            var html = head;
            await WriteHeadAsync(html, report, cancellationToken).ConfigureAwait(false);
            await WriteGridAsync(html, report, dates, cancellationToken).ConfigureAwait(false);
            await html.WriteAsync($"<script type=\"application/json\" id=\"{DataElementId}\">").ConfigureAwait(false);
            await html.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        await AuditDataWriter.WriteAsync(stream, report, cancellationToken).ConfigureAwait(false);
        var tail = new StreamWriter(stream, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await using (tail.ConfigureAwait(false))
        {
            var html = tail;
            await html.WriteAsync("</script>\n<script>\n").ConfigureAwait(false);
            await html.FlushAsync(cancellationToken).ConfigureAwait(false);
            await CopyAssetAsync("report.js", stream, cancellationToken).ConfigureAwait(false);
            await html.WriteAsync("</script>\n</body>\n</html>\n").ConfigureAwait(false);
            await html.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string E(string? text) => text is null ? "" : Html.Encode(text);

    private static string D(DateOnly date) => ManifestKeys.FormatDate(date);

    private static async Task WriteHeadAsync(StreamWriter html, AuditReport report, CancellationToken cancellationToken)
    {
        var title = $"Landfall audit \u00b7 {report.Env} \u00b7 {D(report.From)} to {D(report.To)}";
        await html.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Landfall {E(report.LandfallVersion)}">
            <title>{E(title)}</title>
            <style>

            """).ConfigureAwait(false);
        await html.FlushAsync(cancellationToken).ConfigureAwait(false);
        await CopyAssetAsync("report.css", html.BaseStream, cancellationToken).ConfigureAwait(false);
        var through = report.CompleteThrough is { } ct ? D(ct) : "none yet";
        var sourceWord = report.Sources.Count == 1 ? "source" : "sources";
        await html.WriteAsync($"""
            </style>
            </head>
            <body>
            <header class="top">
            <div>
            <h1>Landfall audit calendar</h1>
            <p class="meta"><span>Environment <b>{E(report.Env)}</b></span><span>Lake <b>{E(report.Lake)}</b></span><span>Dates <b>{D(report.From)}</b> to <b>{D(report.To)}</b></span><span><b>{report.Sources.Count}</b> {sourceWord}, <b>{report.ManifestCount}</b> manifest(s)</span><span>Last complete business date <b>{D(report.LastCompleteDate)}</b></span></p>
            </div>
            <div class="through" id="complete-through" data-date="{(report.CompleteThrough is { } c ? D(c) : "")}"><div class="label">Lake complete through</div><div class="value">{through}</div></div>
            </header>
            <div class="toolbar">
            <ul class="legend" id="legend">

            """).ConfigureAwait(false);
        var counts = report.Counts;
        foreach (var status in AuditCellStatusNames.All)
        {
            var word = AuditCellStatusNames.Word(status);
            await html.WriteAsync(
                $"<li data-status=\"{word}\"><span class=\"swatch\" data-status=\"{word}\" aria-hidden=\"true\">{AuditCellStatusNames.Glyph(status)}</span>" +
                $"{E(AuditCellStatusNames.Label(status))} <span class=\"count\">{counts[status]}</span></li>\n").ConfigureAwait(false);
        }
        await html.WriteAsync("""
            <li><span class="marker" aria-hidden="true"></span>Complete-through date (every configured source done, no gap)</li>
            </ul>
            <label class="filter">Source <input id="source-filter" type="search" placeholder="filter by name" autocomplete="off"></label>
            </div>

            """).ConfigureAwait(false);
    }

    private static async Task WriteGridAsync(StreamWriter html, AuditReport report, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken)
    {
        var through = report.CompleteThrough;
        await html.WriteAsync("""
            <div class="grid-wrap" id="grid-wrap" tabindex="0">
            <table class="grid" id="grid" aria-label="Sources by business date">
            <thead>
            <tr class="months"><th class="corner" rowspan="2" scope="col">Source</th>
            """).ConfigureAwait(false);
        for (var i = 0; i < dates.Count;)
        {
            var month = dates[i];
            var span = 0;
            while (i < dates.Count && dates[i].Month == month.Month && dates[i].Year == month.Year)
            {
                span++;
                i++;
            }
            var label = span >= 3 ? month.ToString("MMMM yyyy", CultureInfo.InvariantCulture) : month.ToString("MMM", CultureInfo.InvariantCulture);
            await html.WriteAsync($"<th class=\"ms\" colspan=\"{span}\" scope=\"colgroup\">{label}</th>").ConfigureAwait(false);
        }
        await html.WriteAsync("</tr>\n<tr class=\"days\">").ConfigureAwait(false);
        for (var i = 0; i < dates.Count; i++)
        {
            var d = dates[i];
            var title = d.ToString("dddd yyyy-MM-dd", CultureInfo.InvariantCulture) + (d == through ? " (lake complete through)" : "");
            await html.WriteAsync(
                $"<th{ColumnClass(dates, i, through, d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? "we" : null)} data-date=\"{D(d)}\" " +
                $"scope=\"col\" title=\"{title}\">{d.Day:00}</th>").ConfigureAwait(false);
        }
        await html.WriteAsync("</tr>\n</thead>\n<tbody>\n").ConfigureAwait(false);

        for (var s = 0; s < report.Sources.Count; s++)
        {
            var source = report.Sources[s];
            var name = E(source.Name);
            var sub = source.Configured
                ? $"complete through {(source.CompleteThrough is { } ct ? D(ct) : "none yet")}"
                : "not in the config";
            await html.WriteAsync(
                $"<tr data-index=\"{s}\" data-source=\"{name}\"><th scope=\"row\" title=\"{name}\">{name}" +
                $"<span class=\"kind\">{E(source.Kind ?? "")}</span><span class=\"ct\">{sub}</span></th>").ConfigureAwait(false);
            for (var i = 0; i < source.Cells.Count; i++)
            {
                var cell = source.Cells[i];
                var word = AuditCellStatusNames.Word(cell.Status);
                var tip = $"{source.Name} \u00b7 {D(cell.Date)} \u00b7 {AuditCellStatusNames.Label(cell.Status)}" +
                    (cell.Warned ? " \u00b7 with contract warnings" : "") + (cell.Trail.Count == 0 ? "" : $" \u00b7 {cell.Trail.Count} manifest(s)");
                await html.WriteAsync(
                    $"<td{ColumnClass(dates, i, through, null)} data-source=\"{name}\" data-date=\"{D(cell.Date)}\" data-status=\"{word}\"{(cell.Warned ? " data-warned=\"true\"" : "")} " +
                    $"title=\"{E(tip)}\">{AuditCellStatusNames.Glyph(cell.Status)}</td>").ConfigureAwait(false);
            }
            await html.WriteAsync("</tr>\n").ConfigureAwait(false);
            if (s % 8 == 7)
            {
                await html.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        await html.WriteAsync("""
            </tbody>
            </table>
            </div>
            <p class="hint">Each cell is the latest manifest of that source and business date. Click a cell (then use the arrow keys) for its whole audit trail, newest first; Esc closes it.</p>
            <aside class="details" id="details" hidden aria-labelledby="details-title">
            <div class="head"><h2 id="details-title"></h2><button type="button" class="close" id="details-close" aria-label="Close">&#x00D7;</button></div>
            <div id="details-body"></div>
            </aside>

            """).ConfigureAwait(false);
        await html.WriteAsync(
            $"<footer>Built by Landfall {E(report.LandfallVersion)} on {E(ManifestFormat.FormatInstant(report.GeneratedAt))} from the manifests " +
            "alone (_manifests/source=S/ingest_date=D/run_id=R.json); the latest manifest of a date is the one with the greatest " +
            "LastModified, ties broken by ended_at, then run_id. Self-contained: no server, no network.</footer>\n").ConfigureAwait(false);
    }

    /// <summary>The class attribute of a date column: month separator, complete-through marker, weekend.</summary>
    private static string ColumnClass(IReadOnlyList<DateOnly> dates, int i, DateOnly? through, string? extra)
    {
        var first = i > 0 && dates[i].Day == 1;
        var ct = dates[i] == through;
        if (!first && !ct && extra is null)
        {
            return "";
        }
        var parts = new List<string>(3);
        if (first)
        {
            parts.Add("ms");
        }
        if (ct)
        {
            parts.Add("ctd");
        }
        if (extra is not null)
        {
            parts.Add(extra);
        }
        return $" class=\"{string.Join(' ', parts)}\"";
    }

    private static async Task CopyAssetAsync(string name, Stream destination, CancellationToken cancellationToken)
    {
        var asset = typeof(AuditHtmlWriter).Assembly.GetManifestResourceStream($"Landfall.Reports.Assets.{name}")
            ?? throw new InvalidOperationException($"The report asset '{name}' is missing from the Landfall assembly.");
        await using (asset.ConfigureAwait(false))
        {
            await asset.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
    }
}
