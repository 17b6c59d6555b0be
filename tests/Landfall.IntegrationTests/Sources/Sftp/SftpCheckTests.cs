namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary><c>landfall check</c> against the real sshd: the fingerprint to pin, whether authentication works, what matches.</summary>
[Collection(SshdCollection.Name)]
public sealed class SftpCheckTests(SshdServer server)
{
    [Fact]
    public async Task Check_without_a_pin_shows_a_new_user_the_fingerprint_to_pin_and_sends_no_credentials()
    {
        using var world = new SftpWorld(server);
        world.Source["host_key_fingerprint"] = null;

        var outcome = await world.CliAsync("check", "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(outcome.Out);
        var findings = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("subject").GetString()!);
        Assert.Equal("error", findings["host_key"].GetProperty("status").GetString());
        Assert.Contains($"add host_key_fingerprint: \"{server.HostKeyEd25519}\"", findings["host_key"].GetProperty("detail").GetString());
        Assert.Equal("warning", findings["auth"].GetProperty("status").GetString());
        Assert.Contains("not attempted", findings["auth"].GetProperty("detail").GetString());
        Assert.Empty(world.Logs.Named("sftp_connected"));
    }

    [Fact]
    public async Task Check_with_the_pin_reports_authentication_and_matching_files_per_date_and_reads_no_data()
    {
        using var world = new SftpWorld(server);
        world.Entity["glob"] = "\"*.csv\"";
        world.Drop("a.csv", "a\n");
        world.Drop("b.csv", "bb\n");
        world.Drop("c.txt", "not matching\n");

        var outcome = await world.CliAsync("check");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"presents {server.HostKeyEd25519} (matches the pin)", outcome.Out);
        Assert.Contains("authenticated as 'sftptest'", outcome.Out);
        Assert.Contains("2026-01-01: 2 file(s) matching '*.csv'", outcome.Out);
        Assert.Contains("(5 bytes)", outcome.Out);
        Assert.Empty(world.BronzeFiles());
        Assert.False(Directory.Exists(Path.Combine(world.Lake.Root, "_manifests")) &&
                     Directory.EnumerateFiles(Path.Combine(world.Lake.Root, "_manifests"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Check_with_a_wrong_password_reports_the_host_key_as_fine_and_authentication_as_failed()
    {
        using var world = new SftpWorld(server);
        world.Source["private_key"] = null;
        world.Source["password"] = "\"wrong-password-0815\"";

        var outcome = await world.CliAsync("check");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("matches the pin", outcome.Out);
        Assert.Matches(@"auth\s+error", outcome.Out);
        Assert.DoesNotContain("wrong-password-0815", outcome.Out);
    }

    [Fact]
    public async Task Check_with_a_mismatched_pin_shows_both_fingerprints()
    {
        using var world = new SftpWorld(server);
        world.Source["host_key_fingerprint"] = $"\"{server.HostKeyRsa}\"";

        var outcome = await world.CliAsync("check");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(server.HostKeyEd25519, outcome.Out);
        Assert.Contains(server.HostKeyRsa, outcome.Out);
    }
}
