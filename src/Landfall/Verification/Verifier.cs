using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Landfall.Manifests;

namespace Landfall.Verification;

/// <summary>
/// Re-reads every object referenced by the latest successful manifests and checks it against what the manifest recorded:
/// existence, size, SHA-256 (streamed, bounded memory), and ETag where one was recorded.
/// </summary>
public sealed class Verifier
{
    private readonly ManifestStore _store;
    private readonly int _parallelism;

    /// <summary>Creates a verifier reading up to <paramref name="parallelism"/> objects at once.</summary>
    public Verifier(ManifestStore store, int parallelism = 4)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _parallelism = parallelism;
    }

    /// <summary>Verifies the given sources over [from, to] (each bound optional).</summary>
    public async Task<VerifyReport> VerifyAsync(IEnumerable<string> sources, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var work = new List<(string Source, string Date, string RunId, OutputObject Object)>();
        var manifests = 0;
        var problems = new ConcurrentBag<VerifyProblem>();
        foreach (var source in sources)
        {
            var byDate = await _store.ListBySourceAsync(source, cancellationToken).ConfigureAwait(false);
            foreach (var (date, objects) in byDate)
            {
                if ((from is not null && date < from) || (to is not null && date > to))
                {
                    continue;
                }
                var latest = await _store.PickLatestAsync(objects, cancellationToken).ConfigureAwait(false);
                if (latest is not { IsSuccess: true })
                {
                    continue;
                }
                manifests++;
                var day = ManifestKeys.FormatDate(date);
                var manifest = latest.TryBind();
                if (manifest is null)
                {
                    // A success written by another tool (the seed) without Landfall's outputs layout: nothing to check against.
                    problems.Add(new VerifyProblem(source, day, latest.RunId, latest.Key, "outputs_unreadable", "Landfall outputs block", "other layout"));
                    continue;
                }
                work.AddRange(manifest.Outputs.Values.SelectMany(o => o.Objects).Select(o => (source, day, latest.RunId, o)));
            }
        }
        long bytes = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var read = await CheckAsync(item.Source, item.Date, item.RunId, item.Object, problems, ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, read);
            }).ConfigureAwait(false);
        var ordered = problems.OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.IngestDate, StringComparer.Ordinal)
            .ThenBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Check, StringComparer.Ordinal).ToList();
        return new VerifyReport(manifests, work.Count, bytes, ordered);
    }

    private async Task<long> CheckAsync(string source, string date, string runId, OutputObject obj, ConcurrentBag<VerifyProblem> problems,
        CancellationToken cancellationToken)
    {
        VerifyProblem Problem(string check, string? expected, string? actual) => new(source, date, runId, obj.Key, check, expected, actual);
        var lake = _store.Lake;
        var head = await lake.HeadAsync(obj.Key, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            problems.Add(Problem("missing", $"{obj.Bytes} bytes", "no object"));
            return 0;
        }
        if (head.Size != obj.Bytes)
        {
            problems.Add(Problem("size", Str(obj.Bytes), Str(head.Size)));
        }
        if (obj.Etag is not null && head.ETag is not null && !string.Equals(obj.Etag, head.ETag, StringComparison.Ordinal))
        {
            problems.Add(Problem("etag", obj.Etag, head.ETag));
        }
        if (obj.Sha256 is null)
        {
            return 0;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long read = 0;
        var stream = await lake.OpenReadAsync(obj.Key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 20];
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                read += n;
            }
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (!string.Equals(actual, obj.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(Problem("sha256", obj.Sha256, actual));
        }
        return read;
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
