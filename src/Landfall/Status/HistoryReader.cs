using Landfall.Runs;

namespace Landfall.Status;

/// <summary>The audit trail of a source: every manifest, newest date first and newest run first within a date.</summary>
internal sealed class HistoryReader(Workspace workspace)
{
    public async Task<IReadOnlyList<HistoryEntry>> ReadAsync(HistoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        workspace.Select([request.Source]);
        var store = workspace.Manifests;
        var byDate = await store.ListBySourceAsync(request.Source, cancellationToken).ConfigureAwait(false);
        var entries = new List<HistoryEntry>();
        foreach (var (day, objects) in byDate.Reverse())
        {
            if (request.Date is { } only && day != only)
            {
                continue;
            }
            var reads = await store.ReadManyAsync(objects, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < reads.Count; i++)
            {
                entries.Add(HistoryEntry.From(day, reads[i], latest: i == 0));
            }
        }
        return entries;
    }
}
