using Landfall.Config;
using Landfall.Hosting;
using Landfall.Sources.Sftp;

namespace Landfall.IntegrationTests.Sources.Sftp;

/// <summary>The sftp config section: errors name file, line and key; secrets come from the environment.</summary>
public sealed class SftpConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-sftp-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_full_section_parses_with_durations_marker_and_pins()
    {
        File.WriteAllText(Path.Combine(_folder, "id_key"), "placeholder");
        var source = (SftpSource)Load("""
                private_key: id_key
                passphrase: "${LANDFALL_TEST_CFG_PASS}"
                host_key_fingerprint: ["SHA256:Di90DY4TJoFtTG+t4i/Mxlj0JyHOz6y/RjMnIBHmRnw", "SHA256:+NhOTnr4U1gFH9h4oPSngg5QGWDwdroY0TvUBWC/1p0"]
                connect_timeout: 5s
                operation_timeout: 2m
                settle_interval: 1500ms
                min_age: 1h
                done_marker: "{name}.done"
                max_attempts: 2

            """, ("LANDFALL_TEST_CFG_PASS", "pass phrase"));

        var s = source.Settings;
        Assert.Equal(Path.Combine(_folder, "id_key"), s.PrivateKeyPath);
        Assert.Equal("pass phrase", s.Passphrase);
        Assert.Equal(2, s.HostKeyFingerprints.Count);
        Assert.Equal(TimeSpan.FromSeconds(5), s.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), s.OperationTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), s.Readiness.SettleInterval);
        Assert.Equal(TimeSpan.FromHours(1), s.Readiness.MinAge);
        Assert.Equal("{name}.done", s.Readiness.DoneMarker?.Pattern);
        Assert.Equal(2, s.MaxAttempts);
    }

    [Fact]
    public void Operation_timeout_has_a_finite_default()
    {
        var source = (SftpSource)Load("    password: x\n");

        Assert.Equal(TimeSpan.FromSeconds(60), source.Settings.OperationTimeout);
        Assert.Empty(source.Settings.HostKeyFingerprints);
        Assert.Equal("mlkem768x25519-sha256", source.Settings.KeyExchange[0]);
        Assert.Equal("sntrup761x25519-sha512", source.Settings.KeyExchange[1]);
    }

    [Theory]
    [InlineData("", "needs one of password, private_key")]
    [InlineData("    password: x\n    host_key_fingerprint: \"MD5:aa:bb\"\n", "not a host key fingerprint")]
    [InlineData("    password: x\n    settle_interval: soon\n", "not a duration")]
    [InlineData("    password: x\n    done_marker: \"a/b\"\n", "not a marker file name")]
    [InlineData("    private_key_env: LANDFALL_TEST_UNSET_KEY_VAR\n", "LANDFALL_TEST_UNSET_KEY_VAR")]
    [InlineData("    private_key: no-such-key\n", "does not exist")]
    [InlineData("    password: x\n    passwrd: y\n", "unknown key 'passwrd'")]
    [InlineData("    password: x\n    key_exchange: [curve25519-sha256, rot13-kex]\n", "'rot13-kex' is not a key exchange algorithm")]
    [InlineData("    password: x\n    key_exchange: []\n", "at least one key exchange algorithm")]
    public void A_bad_section_is_an_error_naming_the_problem(string keys, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => Load(keys));

        Assert.Contains(expected, e.Message);
        Assert.Contains("landfall.yaml", e.Message);
    }

    private Landfall.Sources.ISource Load(string keys, params (string Name, string Value)[] env)
    {
        foreach (var (name, value) in env)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        var path = Path.Combine(_folder, "landfall.yaml");
        File.WriteAllText(path, $"""
            env: test
            lake: {"{"} kind: local, path: ./lake {"}"}
            sources:
              - name: partner
                kind: sftp
                start_date: 2026-01-01
                host: 127.0.0.1
                username: u
            {keys}    entities:
                  - name: items
                    directory: "drop/{"{date}"}"

            """);
        return Assert.Single(ConfigLoader.Load(path).Sources);
    }
}
