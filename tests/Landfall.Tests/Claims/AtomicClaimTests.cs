using System.Text;
using Landfall.Claims;
using Landfall.Lake;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.Tests.Claims;

/// <summary>
/// The claim decided by one conditional create, on a lake with <see cref="IAtomicCreateLake"/> (here a local folder, whose puts are
/// atomic no-overwrite links, presented with the capability): who wins, when a holder is still live, and when a new generation takes over.
/// </summary>
public sealed class AtomicClaimTests : IDisposable
{
    private static readonly DateOnly Date = new(2026, 1, 2);
    private const string Source = "shop";
    private const string Other = "0190c0de-0000-7000-8000-000000000001";

    private readonly string _root = Directory.CreateTempSubdirectory("landfall-atomic-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ClaimStore Store() => new(new AtomicLake(new LocalFolderLake(_root)), TimeProvider.System, new ClaimOptions(), _logs.CreateLogger("test"));

    private void Write(string key, TimeSpan age)
    {
        var path = Path.Combine(_root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $$"""
            {"run_id": "{{Other}}", "source": "{{Source}}", "ingest_date": "2026-01-02", "host": "another-host", "pid": 1,
             "created_at": "2026-01-02T00:00:00.000000Z"}
            """, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }

    private async Task<(ClaimOutcome Outcome, string RunId)> ClaimAsync()
    {
        var runId = Guid.CreateVersion7().ToString();
        var outcome = await Store().TryClaimAsync(Source, Date, runId, CancellationToken.None);
        if (outcome.Lease is { } lease)
        {
            await lease.DisposeAsync();
        }
        return (outcome, runId);
    }

    private string[] Holders() => Directory.Exists(Path.Combine(_root, ClaimKeys.HolderPrefix(Source, Date)))
        ? [.. Directory.GetFiles(Path.Combine(_root, ClaimKeys.HolderPrefix(Source, Date))).Select(Path.GetFileName).Order()!]
        : [];

    [Fact]
    public async Task The_first_claim_creates_generation_one_and_runs_no_bakery()
    {
        var (outcome, runId) = await ClaimAsync();

        Assert.True(outcome.Won, outcome.Detail);
        Assert.Equal(["000000000001.json"], Holders());
        Assert.Contains(runId, File.ReadAllText(Path.Combine(_root, ClaimKeys.Holder(Source, Date, 1))));
        Assert.False(Directory.Exists(Path.Combine(_root, ClaimKeys.DatePrefix(Source, Date), "ticket")));
    }

    [Fact]
    public async Task A_holder_renewed_within_the_lease_keeps_the_date()
    {
        Write(ClaimKeys.Holder(Source, Date, 1), TimeSpan.FromHours(2));
        Write(ClaimKeys.Intent(Source, Date, Other), TimeSpan.FromHours(2));
        Write(ClaimKeys.Heartbeat(Source, Date, Other, 1), TimeSpan.FromSeconds(20));

        var (outcome, _) = await ClaimAsync();

        Assert.False(outcome.Won);
        Assert.Equal(Other, outcome.WinnerRunId);
        Assert.Equal(["000000000001.json"], Holders());
    }

    [Fact]
    public async Task A_holder_whose_newest_renewal_is_older_than_the_lease_is_taken_over_by_the_next_generation()
    {
        Write(ClaimKeys.Holder(Source, Date, 1), TimeSpan.FromMinutes(10));
        Write(ClaimKeys.Intent(Source, Date, Other), TimeSpan.FromMinutes(10));
        Write(ClaimKeys.Heartbeat(Source, Date, Other, 1), TimeSpan.FromSeconds(75));

        var (outcome, runId) = await ClaimAsync();

        Assert.True(outcome.Won, outcome.Detail);
        Assert.Contains(Other, outcome.Detail);
        Assert.Equal(["000000000001.json", "000000000002.json"], Holders());
        Assert.Contains(runId, File.ReadAllText(Path.Combine(_root, ClaimKeys.Holder(Source, Date, 2))));
    }

    [Fact]
    public async Task A_released_holder_is_taken_over_at_once()
    {
        Write(ClaimKeys.Holder(Source, Date, 1), TimeSpan.FromSeconds(1));
        Write(ClaimKeys.Intent(Source, Date, Other), TimeSpan.FromSeconds(1));
        Write(ClaimKeys.Released(Source, Date, Other), TimeSpan.Zero);

        var (outcome, _) = await ClaimAsync();

        Assert.True(outcome.Won, outcome.Detail + string.Join("; ", _logs.Events.Select(e => e.Message)));
        Assert.Equal(2, Holders().Length);
    }

    [Fact]
    public async Task Of_sixteen_concurrent_claims_exactly_one_wins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(ClaimAsync)));

        var winner = Assert.Single(outcomes, o => o.Outcome.Won);
        Assert.All(outcomes.Where(o => !o.Outcome.Won), o => Assert.Equal(winner.RunId, o.Outcome.WinnerRunId));
        Assert.Equal(["000000000001.json"], Holders());
    }

    /// <summary>A local folder presented with the capability: its puts are atomic no-overwrite links, so a create of a taken name fails.</summary>
    private sealed class AtomicLake(LocalFolderLake inner) : IAtomicCreateLake
    {
        public string Description => inner.Description;

        public async Task<LakeObjectInfo?> TryCreateAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
        {
            try
            {
                return await inner.PutAsync(key, content, contentType, cancellationToken);
            }
            catch (LakeKeyExistsException)
            {
                return null;
            }
        }

        public Task<LakeObjectInfo> PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken) =>
            inner.PutAsync(key, content, contentType, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public Task<LakeObjectInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public Task<LakeListPage> ListPageAsync(string prefix, string? delimiter, string? continuationToken, CancellationToken cancellationToken) =>
            inner.ListPageAsync(prefix, delimiter, continuationToken, cancellationToken);
    }
}
