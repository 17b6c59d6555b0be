using System.Diagnostics;
using System.Security.Cryptography;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>Every way an SFTP run can fail ends in a failed manifest with a reason, and nothing partial is referenced.</summary>
[Collection(SshdCollection.Name)]
public sealed class SftpFailureTests(SshdServer server)
{
    [Fact]
    public async Task A_refused_connection_is_retried_with_backoff_then_fails_with_connection_failed()
    {
        using var world = new SftpWorld(server);
        world.Source["port"] = "1"; // nothing listens on port 1 of 127.0.0.1
        world.Source["max_attempts"] = "3";

        var run = await world.RunAsync();

        Assert.Equal("failed", run.Status);
        Assert.Equal("connection_failed", run.ErrorType);
        Assert.Contains("127.0.0.1:1", run.ErrorMessage);
        Assert.Equal(2, world.Logs.Named("sftp_retry").Count());
    }

    [Fact]
    public async Task A_wrong_password_fails_at_once_with_auth_failed_and_no_secret_in_the_manifest()
    {
        using var world = new SftpWorld(server);
        world.Source["private_key"] = null;
        world.Source["password"] = "\"not-the-password-4711\"";

        var run = await world.RunAsync();

        Assert.Equal("auth_failed", run.ErrorType);
        Assert.Contains("sftptest", run.ErrorMessage);
        Assert.Empty(world.Logs.Named("sftp_retry"));
        Assert.DoesNotContain("not-the-password-4711", run.Manifest.GetRawText());
        Assert.DoesNotContain(world.Logs.Events, e => e.Message.Contains("not-the-password-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_the_server_does_not_know_fails_with_auth_failed()
    {
        using var world = new SftpWorld(server);
        var stranger = Path.Combine(world.Folder, "stranger");
        SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger);
        world.Source["private_key"] = stranger;

        var run = await world.RunAsync();

        Assert.Equal("auth_failed", run.ErrorType);
    }

    [Fact]
    public async Task A_missing_pin_refuses_to_connect_and_shows_the_presented_fingerprint_and_the_key_to_set()
    {
        using var world = new SftpWorld(server);
        world.Source["host_key_fingerprint"] = null;
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("host_key_not_pinned", run.ErrorType);
        Assert.Contains(server.HostKeyEd25519, run.ErrorMessage);
        Assert.Contains("host_key_fingerprint", run.ErrorMessage);
        Assert.Empty(world.Logs.Named("sftp_retry"));
        Assert.Empty(world.BronzeFiles());
    }

    [Fact]
    public async Task A_host_key_that_does_not_match_the_pin_refuses_to_connect_at_once()
    {
        using var world = new SftpWorld(server);
        world.Source["host_key_fingerprint"] = $"\"{server.HostKeyRsa}\""; // the server presents its ed25519 key
        world.Source["private_key"] = null;
        world.Source["password"] = $"\"{server.Password}\"";
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("host_key_mismatch", run.ErrorType);
        Assert.Contains(server.HostKeyEd25519, run.ErrorMessage);
        Assert.Contains(server.HostKeyRsa, run.ErrorMessage);
        Assert.Contains("host_key_fingerprint", run.ErrorMessage);
        Assert.Empty(world.Logs.Named("sftp_retry"));
        Assert.Single(world.Logs.Named("sftp_host_key_rejected"));
    }

    [Fact]
    public async Task A_file_the_user_may_not_read_fails_with_permission_denied_without_retries()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "a\n");
        var secret = world.Drop("b.csv", "b\n");
        SshdServer.Run("chmod", "000", secret);

        var run = await world.RunAsync();

        Assert.Equal("failed", run.Status);
        Assert.Equal("permission_denied", run.ErrorType);
        Assert.Contains("b.csv", run.ErrorMessage);
        Assert.Empty(world.Logs.Named("sftp_retry"));
    }

    [Fact]
    public async Task A_file_that_vanishes_between_listing_and_reading_fails_with_file_vanished()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "a\n");
        var doomed = world.Drop("b.csv", "b\n");
        world.OnEvent = name =>
        {
            if (name == "sftp_files_settled")
            {
                File.Delete(doomed);
            }
        };

        var run = await world.RunAsync();

        Assert.Equal("failed", run.Status);
        Assert.Equal("file_vanished", run.ErrorType);
        Assert.Contains("b.csv", run.ErrorMessage);
        Assert.Empty(world.Logs.Named("sftp_retry"));
    }

    [Fact]
    public async Task Killing_the_servers_session_mid_file_fails_the_run_with_connection_lost_and_leaves_nothing_of_the_file()
    {
        using var world = new SftpWorld(server);
        world.Source["max_attempts"] = "1";
        var big = world.Drop("big.bin", [], age: TimeSpan.FromHours(1));
        SparseFile(big, 2L << 30);

        var run = await RunAndKillSessionMidFileAsync(world);

        Assert.Equal("failed", run.Status);
        Assert.Equal("connection_lost", run.ErrorType);
        Assert.Contains("big.bin", run.ErrorMessage);
        Assert.False(run.Manifest.GetProperty("outputs").TryGetProperty("items", out var items) && items.GetProperty("objects").GetArrayLength() > 0);
        Assert.Empty(world.BronzeFiles()); // the partial temporary file is gone too
    }

    [Fact]
    public async Task A_session_killed_mid_file_is_retried_on_a_new_connection_and_the_file_lands_whole()
    {
        using var world = new SftpWorld(server);
        var data = RandomNumberGenerator.GetBytes(300 * 1024 * 1024);
        world.Drop("big.bin", data);

        var run = await RunAndKillSessionMidFileAsync(world);

        Assert.Equal("success", run.Status);
        var obj = Assert.Single(run.Objects);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), obj.GetProperty("sha256").GetString());
        Assert.Equal(data.Length, obj.GetProperty("bytes").GetInt64());
        var retry = Assert.Single(world.Logs.Named("sftp_retry"));
        Assert.Contains("connection_lost", retry.Message);
        Assert.Equal(2, world.Logs.Named("sftp_connected").Count());
        Assert.Single(world.BronzeFiles());
    }

    [Fact]
    public async Task A_stalled_server_hits_the_operation_timeout_instead_of_hanging()
    {
        using var world = new SftpWorld(server);
        world.Source["operation_timeout"] = "1s";
        world.Source["max_attempts"] = "1";
        var big = world.Drop("big.bin", []);
        SparseFile(big, 2L << 30);
        var clock = Stopwatch.StartNew();
        var stopped = false;
        try
        {
            var running = world.RunAsync();
            await WaitForPartialWriteAsync(world, running);
            server.SignalSessions("STOP");
            stopped = true;
            var run = await running.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal("failed", run.Status);
            Assert.Equal("timeout", run.ErrorType);
            Assert.Contains("big.bin", run.ErrorMessage);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        }
        finally
        {
            if (stopped)
            {
                server.SignalSessions("KILL");
                server.SignalSessions("CONT");
            }
        }
    }

    private async Task<SftpRun> RunAndKillSessionMidFileAsync(SftpWorld world)
    {
        var running = world.RunAsync();
        await WaitForPartialWriteAsync(world, running);
        // Kill the per-connection session processes, not the listener: the server stays up for a reconnect.
        server.SignalSessions("KILL");
        return await running.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Waits until the lake holds a partial temporary file of at least 8 MiB: the transfer is under way.</summary>
    private static async Task WaitForPartialWriteAsync(SftpWorld world, Task running)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(running.IsCompleted, "the run ended before the transfer could be interrupted");
            if (world.BronzeFiles().Any(f => Path.GetFileName(f).StartsWith(".landfall-tmp-", StringComparison.Ordinal) && new FileInfo(f).Length > 8 << 20))
            {
                return;
            }
            await Task.Delay(10);
        }
        Assert.Fail("the transfer never started");
    }

    private static void SparseFile(string path, long size)
    {
        using (var f = new FileStream(path, FileMode.Create))
        {
            f.SetLength(size);
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
    }
}
