using Landfall.Testing;

namespace Landfall.Tests.Security;

/// <summary>Known secrets given through ${ENV} never appear in output, logs (text or JSON), or error messages.</summary>
public sealed class SecretsTests : IDisposable
{
    private const string AccessKey = "AKIALANDFALLLEAKCHECK";
    private const string Secret = "wJalrXUtnLandfallSecretKey/K7MDENG+bPxRfiCY";
    private const string SessionToken = "FwoGZXIvYXdzLandfallSessionToken123";
    private readonly string _folder = Directory.CreateTempSubdirectory("landfall-secrets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("run", "--date", "2026-01-01")]
    [InlineData("status")]
    [InlineData("plan")]
    [InlineData("history", "--source", "alpha")]
    [InlineData("verify")]
    public async Task Lake_credentials_never_appear_in_output_logs_or_errors(params string[] command)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "drop", "2026-01-01"));
        File.WriteAllText(Path.Combine(_folder, "drop", "2026-01-01", "a.csv"), "x\n");
        // Nothing listens on port 9: every lake call fails, after retries, with the credentials in hand.
        var config = Path.Combine(_folder, "landfall.yaml");
        File.WriteAllText(config, """
            lake:
              kind: s3
              bucket: lake
              endpoint: http://127.0.0.1:9
              access_key_id: ${LF_TEST_AK}
              secret_access_key: ${LF_TEST_SK}
              session_token: ${LF_TEST_ST}
              max_attempts: 2
            sources:
              - name: alpha
                kind: files
                start_date: 2026-01-01
                entities:
                  - name: items
                    directory: drop/{date}
            """);
        var env = new Dictionary<string, string> { ["LF_TEST_AK"] = AccessKey, ["LF_TEST_SK"] = Secret, ["LF_TEST_ST"] = SessionToken };

        foreach (var format in new[] { "text", "json" })
        {
            using var p = LandfallProcess.Start([.. command, "--config", config, "--json", "--log-format", format, "--log-level", "debug"], env);
            var outcome = await p.WaitAsync();

            Assert.NotEqual(0, outcome.ExitCode);
            Assert.Contains("127.0.0.1:9", outcome.Out + outcome.Error); // the failure itself is reported
            foreach (var secret in new[] { Secret, SessionToken, "wJalrXUtn", AccessKey })
            {
                Assert.DoesNotContain(secret, outcome.Out);
                Assert.DoesNotContain(secret, outcome.Error);
            }
        }
    }
}
