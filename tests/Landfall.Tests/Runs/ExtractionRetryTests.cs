using System.Text;
using System.Text.Json;
using Landfall.Lake.Local;
using Landfall.Manifests;
using Landfall.Runs;
using Landfall.Sources;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Tests.Runs;

/// <summary>
/// Issue 27: a read that breaks off mid-date is retried within the run for a source that allows it (postgres): a new session, every
/// entity again, the broken attempt's objects never referenced, the attempts recorded.
/// </summary>
public sealed class ExtractionRetryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("landfall-retry-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SourceRunContext Context => new("db", new DateOnly(2026, 1, 2), "run-1", NullLogger.Instance, TimeProvider.System);

    [Fact]
    public async Task A_connection_lost_mid_date_is_extracted_again_in_a_new_session_and_only_the_last_attempts_objects_are_referenced()
    {
        var source = new FlakySource(breakOnAttempts: [1], reason: "connection_lost", attempts: 3);

        var outcome = await Extraction.RunAsync(source, Context, new LocalFolderLake(_root), null, () => null, CancellationToken.None);

        Assert.Empty(outcome.Errors);
        Assert.Equal(2, source.Sessions);
        var keys = outcome.Outputs.Values.SelectMany(o => o.Objects).Select(o => o.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.Contains("/run_id=run-1/attempt=2/", k, StringComparison.Ordinal));
        // The broken attempt's object is in the lake, under the run's own prefix, and named by nothing.
        var left = Directory.EnumerateFiles(_root, "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToList();
        Assert.Contains(left, k => k.Contains("/run_id=run-1/part-", StringComparison.Ordinal) && !keys.Contains(k));
        var fields = Assert.IsType<Dictionary<string, JsonElement>>(outcome.AttemptFields);
        Assert.Equal(2, fields[ExtractionAttempts.AttemptsField].GetInt32());
        var failed = Assert.Single(fields[ExtractionAttempts.FailedField].EnumerateArray());
        Assert.Equal(1, failed.GetProperty("attempt").GetInt32());
        Assert.Equal("connection_lost", failed.GetProperty("errors")[0].GetProperty("type").GetString());
        Assert.Equal(1, failed.GetProperty("objects_left").GetInt32());
    }

    [Fact]
    public async Task When_every_attempt_breaks_the_date_fails_with_the_last_attempts_error_and_the_attempts_are_recorded()
    {
        var source = new FlakySource(breakOnAttempts: [1, 2, 3], reason: "connection_stalled", attempts: 3);

        var outcome = await Extraction.RunAsync(source, Context, new LocalFolderLake(_root), null, () => null, CancellationToken.None);

        Assert.Equal("connection_stalled", Assert.Single(outcome.Errors).Type);
        Assert.Equal(3, source.Sessions);
        Assert.Equal(3, outcome.AttemptFields![ExtractionAttempts.AttemptsField].GetInt32());
        Assert.Equal(2, outcome.AttemptFields[ExtractionAttempts.FailedField].GetArrayLength());
    }

    [Fact]
    public async Task A_failure_the_source_does_not_retry_is_not_retried()
    {
        var source = new FlakySource(breakOnAttempts: [1], reason: "query_failed", attempts: 3, transient: false);

        var outcome = await Extraction.RunAsync(source, Context, new LocalFolderLake(_root), null, () => null, CancellationToken.None);

        Assert.Equal("query_failed", Assert.Single(outcome.Errors).Type);
        Assert.Equal(1, source.Sessions);
        Assert.Null(outcome.AttemptFields);
    }

    [Fact]
    public async Task No_attempt_follows_once_the_claim_is_lost()
    {
        var source = new FlakySource(breakOnAttempts: [1, 2], reason: "connection_lost", attempts: 3);

        var outcome = await Extraction.RunAsync(source, Context, new LocalFolderLake(_root), null, () => "the lease lapsed", CancellationToken.None);

        Assert.Equal("connection_lost", Assert.Single(outcome.Errors).Type);
        Assert.Equal(1, source.Sessions);
    }

    [Fact]
    public async Task Max_attempts_one_means_a_single_attempt()
    {
        var source = new FlakySource(breakOnAttempts: [1], reason: "connection_lost", attempts: 1);

        var outcome = await Extraction.RunAsync(source, Context, new LocalFolderLake(_root), null, () => null, CancellationToken.None);

        Assert.Single(outcome.Errors);
        Assert.Equal(1, source.Sessions);
        Assert.Null(outcome.AttemptFields);
    }

    /// <summary>Two entities; in the attempts listed, the second entity breaks off after the first has landed an object.</summary>
    private sealed class FlakySource(int[] breakOnAttempts, string reason, int attempts, bool transient = true) : ISource, IExtractionRetry
    {
        public int Sessions { get; private set; }

        public string Name => "db";

        public string Kind => "flaky";

        public DateOnly StartDate => new(2026, 1, 1);

        public IReadOnlyList<string> Entities => ["orders", "lines"];

        public int ExtractionAttempts => attempts;

        public bool RetriesExtraction(SourceException failure) => failure is { IsTransient: true, Reason: "connection_lost" or "connection_stalled" };

        public Task<ISourceSession> OpenAsync(SourceRunContext context, CancellationToken cancellationToken)
        {
            Sessions++;
            return Task.FromResult<ISourceSession>(new Session(breakOnAttempts.Contains(Sessions), reason, transient));
        }

        public Task<IReadOnlyList<CheckFinding>> CheckAsync(SourceCheckContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<CheckFinding>>([]);

        private sealed class Session(bool breaks, string reason, bool transient) : ISourceSession
        {
            public async Task<EntityOutput> ExtractAsync(string entity, EntityWriter writer, CancellationToken cancellationToken)
            {
                if (breaks && entity == "lines")
                {
                    throw new SourceException(reason, "The connection broke while reading entity 'lines'.", isTransient: transient);
                }
                await writer.WriteAsync("part-0.csv", new MemoryStream(Encoding.UTF8.GetBytes("id\n1\n")), "text/csv", null, null, rows: 1,
                    cancellationToken);
                return writer.ToOutput();
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
