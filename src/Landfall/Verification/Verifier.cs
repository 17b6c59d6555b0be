using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Landfall.Ledger;
using Landfall.Manifests;

namespace Landfall.Verification;

/// <summary>
/// Re-reads every object referenced by the latest successful manifests and checks it against what the manifest recorded:
/// existence, size, SHA-256 (streamed, bounded memory), and ETag where one was recorded.
/// </summary>
internal sealed class Verifier
{
    private readonly LedgerReader _ledgers;
    private readonly int _parallelism;
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier reading up to <paramref name="parallelism"/> objects at once.</summary>
    public Verifier(LedgerReader ledgers, int parallelism = 4, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(ledgers);
        _ledgers = ledgers;
        _parallelism = parallelism;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Verifies the given sources over [from, to] (each bound optional).</summary>
    public async Task<VerifyReport> VerifyAsync(IEnumerable<string> sources, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var work = new List<(string Source, DateOnly Date, string RunId, string Manifest, OutputObject Object)>();
        var unjudged = 0;
        var manifests = 0;
        var problems = new ConcurrentBag<VerifyProblem>();
        var warnings = new List<string>();
        foreach (var source in sources)
        {
            // The latest manifest of every date in range, read together (index first, the rest concurrently).
            var ledger = await _ledgers.ListAsync(source, withIndex: true, cancellationToken).ConfigureAwait(false);
            var latestByDate = await _ledgers.LatestByDateAsync(ledger, ledger.Between(from, to), cancellationToken).ConfigureAwait(false);
            foreach (var (date, latest) in latestByDate)
            {
                if (latest.IsInFuture(_time.GetUtcNow()))
                {
                    warnings.Add($"{latest.Key} has LastModified {ManifestFormat.FormatInstant(latest.Info.LastModified)}, ahead of this host's " +
                        "clock: it stays the latest manifest of its date until a newer one is written after that time.");
                }
                if (latest is not { IsSuccess: true })
                {
                    continue;
                }
                manifests++;
                var manifest = latest.TryBind();
                if (manifest is null)
                {
                    // A success written by another tool (the seed) without Landfall's outputs layout: nothing to check against.
                    problems.Add(new VerifyProblem(source, date, latest.RunId, latest.Key, "outputs_unreadable", "Landfall outputs block", "other layout")
                    {
                        Manifest = latest.Key,
                    });
                    continue;
                }
                foreach (var obj in manifest.Outputs.Values.SelectMany(o => o.Objects))
                {
                    if (RunPrefixCheck.IsOutside(latest, source, date, obj.Key))
                    {
                        // Another source's, date's or run's object is not this date's data, however well its bytes match.
                        problems.Add(new VerifyProblem(source, date, latest.RunId, obj.Key, RunPrefixCheck.Reason,
                            $"under {RunPrefixCheck.Expected(latest, source, date)}, as its manifest {latest.Key}", obj.Key) { Manifest = latest.Key });
                    }
                    unjudged += RunPrefixCheck.Applies(latest) ? 0 : 1;
                    work.Add((source, date, latest.RunId, latest.Key, obj));
                }
            }
        }
        if (unjudged > 0)
        {
            warnings.Add($"{unjudged} object(s) of manifests not written by Landfall (no landfall_version: the seed's layout) were checked " +
                "for size and content but not for where they live.");
        }
        long bytes = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var read = await CheckAsync(item.Source, item.Date, item.RunId, item.Manifest, item.Object, problems, ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, read);
            }).ConfigureAwait(false);
        var ordered = problems.OrderBy(p => p.Source, StringComparer.Ordinal).ThenBy(p => p.IngestDate)
            .ThenBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Check, StringComparer.Ordinal).ToList();
        return new VerifyReport(manifests, work.Count, bytes, ordered, warnings);
    }

    private async Task<long> CheckAsync(string source, DateOnly date, string runId, string manifestKey, OutputObject obj,
        ConcurrentBag<VerifyProblem> problems, CancellationToken cancellationToken)
    {
        VerifyProblem Problem(string check, string? expected, string? actual) =>
            new(source, date, runId, obj.Key, check, expected, actual) { Manifest = manifestKey };
        var lake = _ledgers.Manifests.Catalog.Lake;
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
        if (obj.Sha256 is null && obj.Rows is null)
        {
            return 0;
        }
        // Parquet objects with a recorded row count are spooled to a temporary file while hashing, to read their footer.
        var countRows = obj.Rows is not null && obj.Key.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);
        var spool = countRows ? Path.Combine(Path.GetTempPath(), $"landfall-verify-{Guid.NewGuid():N}.parquet") : null;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long read = 0;
            var stream = await lake.OpenReadAsync(obj.Key, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                Stream file = spool is null ? Stream.Null : new FileStream(spool, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    var buffer = new byte[1 << 20];
                    int n;
                    while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hash.AppendData(buffer, 0, n);
                        read += n;
                        await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (obj.Sha256 is not null && !string.Equals(actual, obj.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Problem("sha256", obj.Sha256, actual));
            }
            if (spool is not null)
            {
                var rows = ParquetRows(spool);
                if (rows != obj.Rows)
                {
                    problems.Add(Problem("rows", Str(obj.Rows!.Value), rows is null ? "unreadable Parquet footer" : Str(rows.Value)));
                }
            }
            return read;
        }
        finally
        {
            if (spool is not null)
            {
                File.Delete(spool);
            }
        }
    }

    private static long? ParquetRows(string path)
    {
        try
        {
            using var reader = new ParquetSharp.ParquetFileReader(path);
            return reader.FileMetaData.NumRows;
        }
        catch (ParquetSharp.ParquetException)
        {
            return null;
        }
    }

    private static string Str(long value) => value.ToString(CultureInfo.InvariantCulture);
}
