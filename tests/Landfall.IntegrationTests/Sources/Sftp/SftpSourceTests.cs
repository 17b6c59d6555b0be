using System.Security.Cryptography;
using System.Text;
using Landfall.Runs;
using Landfall.Layout;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>What lands from a real sshd: settled files, fingerprinted as they stream, with the evidence in the manifest.</summary>
[Collection(SshdCollection.Name)]
public sealed class SftpSourceTests(SshdServer server)
{
    [Fact]
    public async Task Settled_files_land_with_their_sha256_size_remote_mtime_remote_path_and_lake_key()
    {
        using var world = new SftpWorld(server);
        var big = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        world.Drop("big.bin", big);
        world.Drop("small.csv", "id\n1\n");
        world.Drop("sub/ignored.csv", "not recursive\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
        Assert.Equal(2, run.Objects.Count);
        var obj = run.Objects[0];
        var prefix = $"bronze/source=partner/entity=items/ingest_date=2026-01-01/run_id={run.Result.RunId}/";
        Assert.Equal(prefix + "big.bin", obj.GetProperty("key").GetString());
        Assert.Equal(big.Length, obj.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(big)), obj.GetProperty("sha256").GetString());
        Assert.Equal($"{server.Home}/{world.Remote}/2026-01-01/big.bin", obj.GetProperty("source_path").GetString());
        var mtime = File.GetLastWriteTimeUtc(Path.Combine(world.DateFolder(), "big.bin"));
        Assert.Equal(new DateTimeOffset(mtime.AddTicks(-(mtime.Ticks % TimeSpan.TicksPerSecond)), TimeSpan.Zero),
            obj.GetProperty("source_modified_at").GetDateTimeOffset());
        Assert.Equal(big, run.Read(obj.GetProperty("key").GetString()!));
        Assert.Equal(prefix + "small.csv", run.Objects[1].GetProperty("key").GetString());
        Assert.Equal(server.HostKeyEd25519, run.Items.GetProperty("host_key_fingerprint").GetString());
    }

    [Fact]
    public async Task The_manifest_records_the_negotiated_cipher_and_key_exchange_and_the_listing_that_proved_nothing_changed()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "a\n");
        world.Drop("b.csv", "b\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
        Assert.Equal("aes128-gcm@openssh.com", run.Items.GetProperty("cipher").GetString());
        // Debian 12's sshd has no ML-KEM, so the default order settles on the other post-quantum hybrid.
        Assert.StartsWith("sntrup761x25519-sha512", run.Items.GetProperty("key_exchange").GetString(), StringComparison.Ordinal);
        var check = run.Items.GetProperty("read_check");
        Assert.Equal(2, check.GetProperty("files_unchanged").GetInt32());
        Assert.True(check.GetProperty("listing_at").GetDateTimeOffset() >=
            run.Items.GetProperty("settle").GetProperty("second_listing_at").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_configured_key_exchange_list_is_what_is_offered()
    {
        using var world = new SftpWorld(server);
        world.Source["key_exchange"] = "[curve25519-sha256]";
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
        Assert.Equal("curve25519-sha256", run.Items.GetProperty("key_exchange").GetString());
    }

    [Fact]
    public async Task A_file_rewritten_after_it_was_read_fails_the_run_with_file_changed_and_both_sizes()
    {
        using var world = new SftpWorld(server);
        world.Source["parallel_transfers"] = "1";
        var first = world.Drop("a.csv", "a\n");
        world.Drop("b.csv", "b\n");
        world.OnEvent = name =>
        {
            // a.csv is read first; it changes after it landed and before the run could confirm the drop.
            if (name == "sftp_file_fetched" && File.ReadAllText(first) == "a\n")
            {
                File.AppendAllText(first, "late row\n");
            }
        };

        var run = await world.RunAsync();

        Assert.Equal("failed", run.Status);
        Assert.Equal("file_changed", run.ErrorType);
        Assert.Contains("a.csv' was 2 bytes", run.ErrorMessage);
        Assert.Contains("now 11 bytes", run.ErrorMessage);
        // The failed manifest lists what landed, for the audit; no success manifest references it, so the next run redoes the date.
        Assert.True(run.Items.GetProperty("settle").GetProperty("files").GetArrayLength() == 2);
    }

    [Fact]
    public async Task Both_listings_are_recorded_as_settle_evidence_in_the_manifest()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        var settle = run.Items.GetProperty("settle");
        var first = settle.GetProperty("first_listing_at").GetDateTimeOffset();
        var second = settle.GetProperty("second_listing_at").GetDateTimeOffset();
        Assert.True(second - first >= TimeSpan.FromMilliseconds(290), $"{first:O} -> {second:O}");
        Assert.Equal(300, settle.GetProperty("settle_interval_ms").GetInt64());
        var file = Assert.Single(settle.GetProperty("files").EnumerateArray());
        Assert.Equal(2, file.GetProperty("first").GetProperty("size").GetInt64());
        Assert.Equal(2, file.GetProperty("second").GetProperty("size").GetInt64());
        Assert.Equal(file.GetProperty("first").GetProperty("modified_at").GetString(), file.GetProperty("second").GetProperty("modified_at").GetString());
        Assert.True(file.GetProperty("settled").GetBoolean());
    }

    [Fact]
    public async Task A_file_that_keeps_growing_during_the_settle_interval_fails_the_run_with_both_observations_and_lands_nothing()
    {
        using var world = new SftpWorld(server);
        world.Source["settle_interval"] = "1s";
        world.Drop("done.csv", "complete\n");
        var growing = world.Drop("growing.csv", "start\n", age: TimeSpan.Zero);
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await File.AppendAllTextAsync(growing, "more rows\n");
                await Task.Delay(50);
            }
        });

        SftpRun run;
        try
        {
            run = await world.RunAsync();
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }

        Assert.Equal("failed", run.Status);
        Assert.Equal("file_not_settled", run.LateReason);
        Assert.Contains("growing.csv", run.ErrorMessage);
        Assert.Empty(run.Objects);
        Assert.Empty(world.BronzeFiles());
        var evidence = run.Items.GetProperty("settle").GetProperty("files").EnumerateArray()
            .Single(f => f.GetProperty("path").GetString()!.EndsWith("/growing.csv", StringComparison.Ordinal));
        Assert.False(evidence.GetProperty("settled").GetBoolean());
        Assert.True(evidence.GetProperty("second").GetProperty("size").GetInt64() > evidence.GetProperty("first").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task A_file_written_in_two_bursts_waits_without_a_manifest_until_it_has_settled_then_lands_whole()
    {
        using var world = new SftpWorld(server);
        world.Source["settle_interval"] = "1s";
        // Yesterday: due by the end of today, so a date that is not settled yet is waiting, not late.
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var path = world.Drop("export.csv", "id\n1\n", yesterday, age: TimeSpan.Zero);
        world.OnEvent = name =>
        {
            if (name == "sftp_first_listing")
            {
                File.AppendAllText(path, "2\n3\n"); // the writer's second burst, after its pause
            }
        };

        var early = await world.RunResultAsync(yesterday);

        Assert.Equal((RunStatus.Waiting, "file_not_settled"), (early.Status, early.Reason));
        Assert.Contains("export.csv", early.Errors[0].Message);
        Assert.Null(early.ManifestKey);
        Assert.False(Directory.Exists(Path.Combine(world.Lake.Root, "_manifests")));
        Assert.Empty(world.BronzeFiles());

        world.OnEvent = null;
        var settled = await world.RunAsync(yesterday);

        Assert.Equal("success", settled.Status);
        var obj = Assert.Single(settled.Objects);
        Assert.Equal("id\n1\n2\n3\n"u8.ToArray(), settled.Read(obj.GetProperty("key").GetString()!));
    }

    [Fact]
    public async Task A_file_that_appears_between_the_two_listings_is_not_settled()
    {
        using var world = new SftpWorld(server);
        world.Source["settle_interval"] = "1s";
        world.Drop("a.csv", "a\n");
        world.OnEvent = name =>
        {
            if (name == "sftp_first_listing")
            {
                world.Drop("late.csv", "late\n");
            }
        };

        var run = await world.RunAsync();

        Assert.Equal("file_not_settled", run.LateReason);
        Assert.Contains("late.csv' appeared after the first listing", run.ErrorMessage);
    }

    [Fact]
    public async Task A_file_younger_than_min_age_is_not_settled_and_an_older_one_is()
    {
        using var world = new SftpWorld(server);
        world.Source["min_age"] = "10m";
        world.Drop("fresh.csv", "x\n", age: TimeSpan.FromSeconds(5));

        var young = await world.RunAsync();

        Assert.Equal("file_not_settled", young.LateReason);
        Assert.Contains("younger than min_age 10m", young.ErrorMessage);

        File.SetLastWriteTimeUtc(Path.Combine(world.DateFolder(), "fresh.csv"), DateTime.UtcNow.AddMinutes(-11));
        var old = await world.RunAsync();
        Assert.Equal("success", old.Status);
        Assert.Equal(600_000, old.Items.GetProperty("settle").GetProperty("min_age_ms").GetInt64());
    }

    [Fact]
    public async Task A_per_file_done_marker_is_required_and_never_ingested()
    {
        using var world = new SftpWorld(server);
        world.Source["done_marker"] = "\"{name}.done\"";
        world.Drop("a.csv", "a\n");
        world.Drop("b.csv", "b\n");
        world.Drop("a.csv.done", "");

        var missing = await world.RunAsync();

        Assert.Equal("file_not_settled", missing.LateReason);
        Assert.Contains("b.csv.done' does not exist yet", missing.ErrorMessage);
        Assert.DoesNotContain("a.csv.done'", missing.ErrorMessage);

        world.Drop("b.csv.done", "");
        var complete = await world.RunAsync();
        Assert.Equal("success", complete.Status);
        Assert.Equal(["a.csv", "b.csv"], complete.Objects.Select(o => o.GetProperty("key").GetString()!.Split('/')[^1]));
    }

    [Fact]
    public async Task A_folder_done_marker_such_as_SUCCESS_is_required_in_each_folder_with_data()
    {
        using var world = new SftpWorld(server);
        world.Source["done_marker"] = "_SUCCESS";
        world.Entity["recursive"] = "true";
        world.Drop("a.csv", "a\n");
        world.Drop("_SUCCESS", "");
        world.Drop("part/b.csv", "b\n");

        var missing = await world.RunAsync();

        Assert.Equal("file_not_settled", missing.LateReason);
        Assert.Contains("part/_SUCCESS' does not exist yet", missing.ErrorMessage);

        world.Drop("part/_SUCCESS", "");
        var complete = await world.RunAsync();
        Assert.Equal("success", complete.Status);
        Assert.Equal(["a.csv", "part/b.csv"], complete.Objects.Select(o => RelativeKey(complete, o)));
    }

    [Fact]
    public async Task An_empty_drop_fails_with_no_files_yet_unless_allow_empty_and_then_is_an_explicit_empty_success()
    {
        using var world = new SftpWorld(server);
        Directory.CreateDirectory(world.DateFolder());
        world.Drop("other.txt", "not matching\n");
        world.Entity["glob"] = "\"*.csv\"";

        var notYet = await world.RunAsync();

        Assert.Equal("failed", notYet.Status);
        Assert.Equal("no_files_yet", notYet.LateReason);
        Assert.Contains("allow_empty", notYet.ErrorMessage);

        world.Entity["allow_empty"] = "true";
        var empty = await world.RunAsync();
        Assert.Equal("success", empty.Status);
        Assert.True(empty.Items.GetProperty("empty").GetBoolean());
        Assert.Equal(0, empty.Items.GetProperty("totals").GetProperty("objects").GetInt32());
    }

    [Fact]
    public async Task A_date_folder_that_does_not_exist_is_no_files_yet()
    {
        using var world = new SftpWorld(server);

        var run = await world.RunAsync();

        Assert.Equal("no_files_yet", run.LateReason);
        Assert.Contains("the folder does not exist", run.ErrorMessage);
        Assert.False(run.Items.GetProperty("directory_exists").GetBoolean());
    }

    [Fact]
    public async Task Date_tokens_pick_the_folder_glob_selects_files_and_recursion_keeps_relative_paths()
    {
        using var world = new SftpWorld(server);
        world.Entity["directory"] = $"\"{world.Remote}/{{date:yyyy/MM/dd}}\"";
        world.Entity["glob"] = "\"*.csv\"";
        world.Entity["recursive"] = "true";
        var folder = Path.Combine(world.LocalDrop, "2026", "01", "02");
        Directory.CreateDirectory(Path.Combine(folder, "region=eu"));
        File.WriteAllText(Path.Combine(folder, "top.csv"), "t\n");
        File.WriteAllText(Path.Combine(folder, "skip.json"), "{}\n");
        File.WriteAllText(Path.Combine(folder, "region=eu", "eu.csv"), "e\n");
        Directory.CreateDirectory(Path.Combine(world.LocalDrop, "2026", "01", "01"));
        File.WriteAllText(Path.Combine(world.LocalDrop, "2026", "01", "01", "other-day.csv"), "o\n");

        var run = await world.RunAsync(new DateOnly(2026, 1, 2));

        Assert.Equal("success", run.Status);
        Assert.Equal(["region%3Deu/eu.csv", "top.csv"], run.Objects.Select(o => RelativeKey(run, o)));
    }

    [Fact]
    public async Task Hostile_remote_names_map_to_keys_inside_the_entity_prefix_that_decode_back_to_the_remote_name()
    {
        using var world = new SftpWorld(server);
        string[] names = ["a b.csv", "ünïcødé €.csv", "back\\slash.csv", "new\nline.csv", "tab\tand\u0001ctl.csv", "...", "..x", "%2E%2E", "-dash", ".hidden"];
        foreach (var name in names)
        {
            world.Drop(name, name);
        }

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
        var prefix = $"bronze/source=partner/entity=items/ingest_date=2026-01-01/run_id={run.Result.RunId}/";
        Assert.Equal(names.Length, run.Objects.Count);
        foreach (var obj in run.Objects)
        {
            var key = obj.GetProperty("key").GetString()!;
            Assert.StartsWith(prefix, key);
            var suffix = key[prefix.Length..];
            Assert.DoesNotContain('/', suffix);
            Assert.All(suffix, c => Assert.True(c > 31 && c != '\\', $"control or backslash in '{suffix}'"));
            var name = LakeNames.Decode(suffix);
            Assert.Contains(name, names);
            Assert.Equal($"{server.Home}/{world.Remote}/2026-01-01/{name}", obj.GetProperty("source_path").GetString());
            Assert.Equal(Encoding.UTF8.GetBytes(name), run.Read(key));
            Assert.StartsWith(Path.GetFullPath(Path.Combine(run.LakeRoot, prefix)), Path.GetFullPath(Path.Combine(run.LakeRoot, key)));
        }
    }

    [Fact]
    public async Task Password_authentication_from_an_environment_variable_works()
    {
        using var world = new SftpWorld(server);
        Environment.SetEnvironmentVariable("LANDFALL_TEST_SFTP_PASSWORD", server.Password);
        world.Source["private_key"] = null;
        world.Source["password"] = "\"${LANDFALL_TEST_SFTP_PASSWORD}\"";
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
        Assert.DoesNotContain(server.Password, await File.ReadAllTextAsync(Path.Combine(world.Lake.Root, run.Result.ManifestKey!)));
    }

    [Fact]
    public async Task A_passphrase_protected_private_key_held_in_an_environment_variable_works()
    {
        using var world = new SftpWorld(server);
        var keyFile = Path.Combine(world.Folder, "key");
        File.Copy(server.RsaKeyPath, keyFile);
        SshdServer.Run("ssh-keygen", "-q", "-p", "-P", "", "-N", "correct horse", "-f", keyFile);
        Environment.SetEnvironmentVariable("LANDFALL_TEST_SFTP_KEY", await File.ReadAllTextAsync(keyFile));
        Environment.SetEnvironmentVariable("LANDFALL_TEST_SFTP_PASSPHRASE", "correct horse");
        world.Source["private_key"] = null;
        world.Source["private_key_env"] = "LANDFALL_TEST_SFTP_KEY";
        world.Source["passphrase"] = "\"${LANDFALL_TEST_SFTP_PASSPHRASE}\"";
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);

        world.Source["passphrase"] = "\"wrong horse\"";
        world.Drop("a.csv", "a\n", new DateOnly(2026, 1, 2));
        var wrong = await world.RunAsync(new DateOnly(2026, 1, 2));
        Assert.Equal("auth_failed", wrong.ErrorType);
        Assert.Contains("LANDFALL_TEST_SFTP_KEY", wrong.ErrorMessage);
        Assert.DoesNotContain("horse", wrong.ErrorMessage);
    }

    [Fact]
    public async Task Either_pinned_key_of_a_list_is_accepted_so_a_key_rotation_can_be_staged()
    {
        using var world = new SftpWorld(server);
        world.Source["host_key_fingerprint"] = $"[\"{server.HostKeyRsa}\", \"{server.HostKeyEd25519}\"]";
        world.Drop("a.csv", "a\n");

        var run = await world.RunAsync();

        Assert.Equal("success", run.Status);
    }

    [Fact]
    public async Task The_connection_negotiates_aes128_gcm()
    {
        using var world = new SftpWorld(server);
        world.Drop("a.csv", "a\n");

        await world.RunAsync();

        var connected = Assert.Single(world.Logs.Named("sftp_connected"));
        Assert.Contains("aes128-gcm@openssh.com", connected.Message);
    }

    private static string RelativeKey(SftpRun run, System.Text.Json.JsonElement obj) =>
        obj.GetProperty("key").GetString()!.Split($"run_id={run.Result.RunId}/")[1];
}
