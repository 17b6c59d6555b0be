using System.Text;
using Landfall.Claims;
using Landfall.Lake.Local;
using Landfall.Layout;
using Landfall.Testing;

namespace Landfall.Tests.Claims;

/// <summary>
/// Which claims count as live: a claim of another host is live while its newest renewal (a heartbeat, or its intent before the
/// first) is younger than the lease, whatever the age of its intent. The competitor's claim objects are written as another host
/// would leave them, with their modification times set to the age the case needs.
/// </summary>
public sealed class ClaimStoreTests : IDisposable
{
    private static readonly DateOnly Date = new(2026, 1, 2);
    private const string Source = "shop";
    private const string Other = "0190c0de-0000-7000-8000-000000000001";

    private readonly string _root = Directory.CreateTempSubdirectory("landfall-claims-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ClaimStore Store() => new(new LocalFolderLake(_root), TimeProvider.System, new ClaimOptions(), _logs.CreateLogger("test"));

    /// <summary>Leaves a claim of run <see cref="Other"/> on another host: intent and ticket 1 aged as given, and heartbeats.</summary>
    private void OtherHostClaim(TimeSpan intentAge, params TimeSpan[] heartbeatAges)
    {
        var now = DateTime.UtcNow;
        Write(ClaimKeys.Intent(Source, Date, Other), now - intentAge);
        Write(ClaimKeys.Ticket(Source, Date, 1, Other), now - intentAge);
        for (var i = 0; i < heartbeatAges.Length; i++)
        {
            Write(ClaimKeys.Heartbeat(Source, Date, Other, i + 1), now - heartbeatAges[i]);
        }
    }

    private void Write(string key, DateTime modified)
    {
        var path = Path.Combine(_root, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $$"""
            {"run_id": "{{Other}}", "source": "{{Source}}", "ingest_date": "2026-01-02", "host": "another-host", "pid": 1,
             "created_at": "2026-01-02T00:00:00.000000Z"}
            """, Encoding.UTF8);
        File.SetLastWriteTimeUtc(path, modified);
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

    [Fact]
    public async Task A_claim_whose_intent_is_old_but_whose_newest_heartbeat_is_within_the_lease_is_live()
    {
        OtherHostClaim(TimeSpan.FromHours(3), TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(20));

        var (outcome, runId) = await ClaimAsync();

        Assert.False(outcome.Won);
        Assert.Equal(Other, outcome.WinnerRunId);
        // The loser leaves at once: its released marker ends its claim for everyone else.
        Assert.True(File.Exists(Path.Combine(_root, ClaimKeys.Released(Source, Date, runId))));
    }

    [Fact]
    public async Task A_claim_whose_newest_renewal_is_older_than_the_lease_has_expired()
    {
        OtherHostClaim(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(75));

        var (outcome, runId) = await ClaimAsync();

        Assert.True(outcome.Won);
        Assert.Equal(runId, outcome.WinnerRunId);
    }

    [Fact]
    public async Task A_claim_without_heartbeats_is_live_for_one_lease_after_its_intent()
    {
        OtherHostClaim(TimeSpan.FromSeconds(30));
        Assert.False((await ClaimAsync()).Outcome.Won);

        Directory.Delete(Path.Combine(_root, "_claims"), recursive: true);
        OtherHostClaim(TimeSpan.FromSeconds(90));
        Assert.True((await ClaimAsync()).Outcome.Won);
    }

    [Theory]
    [InlineData("intent/run_id=r1.json", "intent", "r1", 0)]
    [InlineData("ticket/000000000007-run_id=r1.json", "ticket", "r1", 7)]
    [InlineData("heartbeat/run_id=r1/000000000042.json", "heartbeat", "r1", 42)]
    [InlineData("released/run_id=r1.json", "released", "r1", 0)]
    public void Claim_keys_parse_back_to_their_kind_run_and_number(string key, string kind, string runId, long number)
    {
        Assert.Equal((kind, runId, number), ClaimKeys.Parse(key));
    }

    [Theory]
    [InlineData("heartbeat/run_id=r1.json")]
    [InlineData("heartbeat/run_id=r1/x.json")]
    [InlineData("heartbeat/run_id=r1/a/000000000001.json")]
    [InlineData("intent/nested/run_id=r1.json")]
    [InlineData("lease/run_id=r1.json")]
    public void Keys_that_are_not_claim_objects_are_ignored(string key)
    {
        Assert.Null(ClaimKeys.Parse(key));
    }

    [Fact]
    public void A_heartbeat_key_is_new_for_every_renewal()
    {
        Assert.Equal("_claims/source=shop/ingest_date=2026-01-02/heartbeat/run_id=r1/000000000003.json", ClaimKeys.Heartbeat(Source, Date, "r1", 3));
    }
}
