using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Landfall.IntegrationTests.S3;
using Landfall.IntegrationTests.Sources.Postgres;
using Landfall.IntegrationTests.Tool;

namespace Landfall.IntegrationTests.Orchestrators;

/// <summary>
/// A backfill for schedulers to fan out: three sources of three kinds (PostgreSQL table 'pg', SFTP drop 'sftp', S3 prefix 's3'),
/// each with data for every date of [First, First + Days), and an S3 lake under a fresh prefix of the test bucket, in a config
/// that every process on this machine (Slurm jobs, containers with the host network) can read. Claims use an 8 s lease renewed
/// every second. The PostgreSQL query waits on a shared advisory lock named after the date, so that a test holding that lock
/// (<see cref="PgGate"/>) keeps a run in the middle of that date, claim taken, for as long as it likes: a slow date, with no
/// fault hook in Landfall. Read back through the S3 API only (manifests and claims as JSON), like any outside auditor.
/// </summary>
public sealed partial class FanOutWorld : IAsyncDisposable
{
    public const int LeaseSeconds = 8;
    private const UnixFileMode ReadableByAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public static readonly string[] Sources = ["pg", "sftp", "s3"];

    private readonly OrchestratorServers _servers;
    private readonly string _table = PostgresServer.NewName("fan");
    private readonly string _bucket = $"landfall-fan-{Guid.NewGuid():N}"[..30];
    private readonly string _drop;
    private readonly string _dropLocal;

    public FanOutWorld(OrchestratorServers servers, DateOnly first, int days)
    {
        _servers = servers;
        First = first;
        Days = days;
        GateKey = Random.Shared.Next(1, int.MaxValue);
        Folder = Directory.CreateTempSubdirectory("landfall-fanout-").FullName;
        // Readable by every process and container user (the test servers are throw-away; the key is the sshd test client's).
        SetMode(Folder, ReadableByAll | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        _drop = servers.Sshd.NewDrop(out _dropLocal);
        LakePrefix = $"t-{Guid.NewGuid():N}";
        KeyPath = Path.Combine(Folder, "sftp_key");
        File.Copy(servers.Sshd.KeyPath, KeyPath);
        SetMode(KeyPath, ReadableByAll | UnixFileMode.UserWrite);
    }

    public DateOnly First { get; }

    public int Days { get; }

    public DateOnly Last => First.AddDays(Days - 1);

    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, Days).Select(First.AddDays);

    /// <summary>The first key of every advisory lock of this world (the second is the date as yyyyMMdd).</summary>
    public int GateKey { get; }

    public string Folder { get; }

    public string LakePrefix { get; }

    public string KeyPath { get; }

    public string ConfigPath => Path.Combine(Folder, "landfall.yaml");

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Creates the data of every date and writes the config (<paramref name="startDate"/>: the sources' start_date).</summary>
    public async Task SeedAsync(DateOnly? startDate = null)
    {
        await _servers.Postgres.ExecuteAsync(
            $"CREATE TABLE {_table} (id int PRIMARY KEY, day date NOT NULL, amount numeric(12,2), note text); " +
            $"INSERT INTO {_table} SELECT g, DATE '{Day(First)}' + (g % {Days}), g * 1.5, 'row ' || g FROM generate_series(1, {Days * 5}) g");
        await _servers.S3.Client.PutBucketAsync(_bucket);
        foreach (var date in Dates)
        {
            var csv = $"id,date\n1,{Day(date)}\n2,{Day(date)}\n";
            var dir = Path.Combine(_dropLocal, Day(date));
            Directory.CreateDirectory(dir);
            var file = Path.Combine(dir, "items-1.csv");
            await File.WriteAllTextAsync(file, csv);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));
            foreach (var part in new[] { "part-1.csv", "part-2.csv" })
            {
                await _servers.S3.Client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = _bucket, Key = $"exports/{date:yyyy/MM/dd}/{part}", ContentBody = csv, UseChunkEncoding = false,
                });
            }
        }
        await File.WriteAllTextAsync(ConfigPath, Config(startDate ?? First));
        SetMode(ConfigPath, ReadableByAll | UnixFileMode.UserWrite);
    }

    private string Config(DateOnly start)
    {
        var s3 = _servers.S3;
        var sshd = _servers.Sshd;
        var lake = s3.NewLakeSettings(LakePrefix);
        return $"""
            env: test
            {S3Server.Yaml(lake)}
            schedule:
              timezone: UTC
              lag_days: 1
              claim_lease: {LeaseSeconds}s
              claim_renew: 1s
            sources:
              - name: pg
                kind: postgres
                start_date: {Day(start)}
                connection_string: "{_servers.Postgres.ConfigConnectionString()}"
                max_attempts: 2
                entities:
                  - name: events
                    query: >
                      SELECT e.id, e.day, e.amount, e.note FROM {_table} e,
                      (SELECT pg_advisory_xact_lock_shared({GateKey}, to_char(@ingest_date, 'YYYYMMDD')::int)) AS gate
                      WHERE e.day = @ingest_date
              - name: sftp
                kind: sftp
                start_date: {Day(start)}
                host: {sshd.Host}
                port: {sshd.Port}
                username: {sshd.User}
                private_key: {KeyPath}
                host_key_fingerprint: "{sshd.HostKeyEd25519}"
                settle_interval: 200ms
                entities:
                  - name: items
                    directory: "{_drop}/{"{date}"}"
              - name: s3
                kind: s3
                start_date: {Day(start)}
                endpoint: {s3.Endpoint}
                region: us-east-1
                force_path_style: true
                access_key_id: "{s3.AccessKey}"
                secret_access_key: "{s3.SecretKey}"
                entities:
                  - name: exports
                    bucket: {_bucket}
                    prefix: "exports/{"{date:yyyy/MM/dd}"}/"
                    glob: "*.csv"

            """;
    }

    /// <summary>Every manifest in the lake, read as JSON.</summary>
    public async Task<List<ManifestSeen>> ManifestsAsync()
    {
        var manifests = new List<ManifestSeen>();
        foreach (var obj in await ListAsync("_manifests/"))
        {
            using var doc = JsonDocument.Parse(await ReadAsync(obj.Key));
            var m = doc.RootElement;
            var objects = m.GetProperty("outputs").EnumerateObject().Sum(e => e.Value.GetProperty("objects").GetArrayLength());
            manifests.Add(new ManifestSeen(obj.Key, m.GetProperty("source").GetString()!, DateOnly.Parse(m.GetProperty("ingest_date").GetString()!, CultureInfo.InvariantCulture),
                m.GetProperty("run_id").GetString()!, m.GetProperty("status").GetString()!, m.TryGetProperty("host", out var h) ? h.GetString() : null,
                m.TryGetProperty("supersedes", out var s) && s.ValueKind != JsonValueKind.Null,
                m.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("type").GetString()).FirstOrDefault(), objects));
        }
        return manifests;
    }

    /// <summary>Every run's claim on (source, date): host and pid of its intent, intent and newest renewal times (lake clock), release.</summary>
    public async Task<List<ClaimSeen>> ClaimsAsync(string source, DateOnly date)
    {
        var objects = (await ListAsync($"_claims/source={source}/ingest_date={Day(date)}/"))
            .Select(o => (Object: o, Match: ClaimKey().Match(o.Key))).Where(x => x.Match.Success).ToList();
        var claims = new List<ClaimSeen>();
        foreach (var run in objects.GroupBy(o => o.Match.Groups["run"].Value))
        {
            var intent = run.Single(o => o.Match.Groups["kind"].Value == "intent").Object;
            using var doc = JsonDocument.Parse(await ReadAsync(intent.Key));
            var renewals = run.Where(o => o.Match.Groups["kind"].Value is "intent" or "heartbeat").Select(o => o.Object.LastModified!.Value);
            claims.Add(new ClaimSeen(run.Key, doc.RootElement.GetProperty("host").GetString()!, doc.RootElement.GetProperty("pid").GetInt32(),
                intent.LastModified!.Value, renewals.Max(), run.Any(o => o.Match.Groups["kind"].Value == "released")));
        }
        return claims;
    }

    /// <summary>`landfall verify --json` over the whole lake, by the native CLI: every object of every latest success re-read.</summary>
    public async Task<JsonElement> VerifyAsync()
    {
        var verify = await ChildProcess.RunAsync(_servers.NativeCli, ["verify", "--config", ConfigPath, "--json"], Folder, Env(), TimeSpan.FromMinutes(3));
        Assert.True(verify.Code == 0, verify.Text);
        return verify.Json();
    }

    /// <summary>The environment every landfall of this world needs (the PostgreSQL password the config refers to).</summary>
    public Dictionary<string, string> Env() => new()
    {
        [PostgresServer.PasswordVariable] = _servers.Postgres.Builder.Password!,
        ["LANDFALL_CONFIG"] = ConfigPath,
    };

    private async Task<List<S3Object>> ListAsync(string under)
    {
        var all = new List<S3Object>();
        var request = new ListObjectsV2Request { BucketName = S3Server.Bucket, Prefix = $"{LakePrefix}/{under}" };
        ListObjectsV2Response page;
        do
        {
            page = await _servers.S3.Client.ListObjectsV2Async(request);
            all.AddRange(page.S3Objects ?? []);
            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
        return all;
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        using var response = await _servers.S3.Client.GetObjectAsync(S3Server.Bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _servers.Postgres.ExecuteAsync($"DROP TABLE IF EXISTS {_table}");
            Directory.Delete(Folder, recursive: true);
            Directory.Delete(_dropLocal, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    [GeneratedRegex(@"/_claims/source=[^/]+/ingest_date=[^/]+/(?<kind>intent|ticket|heartbeat|released)/(?:\d+-)?run_id=(?<run>[^/.]+)")]
    private static partial Regex ClaimKey();
}

/// <summary>One manifest as the lake holds it.</summary>
public sealed record ManifestSeen(string Key, string Source, DateOnly Date, string RunId, string Status, string? Host, bool Supersedes,
    string? ErrorType, int Objects)
{
    public bool IsSuccess => Status == "success";
}

/// <summary>One run's claim on a (source, date).</summary>
public sealed record ClaimSeen(string RunId, string Host, int Pid, DateTime Intent, DateTime NewestRenewal, bool Released);
