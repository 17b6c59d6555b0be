using Landfall.Azure;
using Landfall.Config;
using Landfall.Hosting;
using Landfall.Lake;
using Landfall.Lake.Azure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Landfall.Tests.Lake;

/// <summary>Parsing and validating the azure lake's config: every mistake names file, line and key, and never shows a secret.</summary>
public sealed class AzureLakeSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGhlLXRlc3QtMTIzNA==";

    private static AzureLakeSettings Parse(string lake) => Assert.IsType<AzureLakeSettings>(ConfigLoader.Parse($"""
        lake:
          kind: azure
        {lake}
        sources:
          - name: orders
            kind: files
            start_date: 2026-01-01
            entities:
              - name: items
                directory: drop/{"{date}"}
        """, "landfall.yaml", Path.GetTempPath()).Lake);

    private static ConfigException Fails(string lake) => Assert.Throws<ConfigException>(() => Parse(lake));

    [Fact]
    public void A_minimal_lake_with_an_account_url_uses_entra_id_and_the_documented_defaults()
    {
        var s = Parse("""
              account_url: https://mylake.blob.core.windows.net
              container: bronze
            """);

        Assert.Equal("azure", s.Kind);
        Assert.Equal(("bronze", "", 8, 4, 5), (s.Container, s.Prefix, s.BlockSizeMiB, s.BlocksInFlight, s.Connection.MaxAttempts));
        Assert.Equal("mylake", s.Connection.AccountName);
        Assert.Equal("Entra ID (DefaultAzureCredential)", s.Connection.CredentialKind);
        Assert.Equal("azure container 'bronze' in account 'mylake' at https://mylake.blob.core.windows.net", s.Description);
    }

    [Fact]
    public void A_custom_domain_names_its_account_with_account_name_and_request_timeout_is_a_duration()
    {
        var s = Parse($"""
              account_url: https://lake.example.com
              account_name: contosolake
              account_key: "{Key}"
              container: bronze
              request_timeout: 45s
            """);

        Assert.Equal("contosolake", s.Connection.AccountName);
        Assert.Equal(TimeSpan.FromSeconds(45), s.Connection.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), Parse("""
              account_url: https://mylake.blob.core.windows.net
              container: bronze
            """).Connection.RequestTimeout);
        var e = Fails("""
              connection_string: UseDevelopmentStorage=true
              account_name: other
              container: bronze
            """);
        Assert.Contains("account_name", e.Message, StringComparison.Ordinal);
        Assert.Contains("request_timeout", Fails("""
              account_url: https://mylake.blob.core.windows.net
              container: bronze
              request_timeout: forever
            """).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_is_read_and_the_key_comes_from_the_environment()
    {
        var name = $"LANDFALL_TEST_AZ_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, Key);
        try
        {
            var s = Parse($"""
                  account_url: http://127.0.0.1:10000/devstoreaccount1
                  account_key: "${"{" + name + "}"}"
                  container: lake-1
                  prefix: /team/bronze/
                  block_size_mib: 16
                  blocks_in_flight: 2
                  max_attempts: 3
                """);

            Assert.Equal(Key, s.Connection.AccountKey);
            Assert.Equal(("lake-1", "team/bronze", 16, 2, 3), (s.Container, s.Prefix, s.BlockSizeMiB, s.BlocksInFlight, s.Connection.MaxAttempts));
            Assert.Equal("devstoreaccount1", s.Connection.AccountName); // the emulator is path-style
            Assert.DoesNotContain(Key, s.Description);
            Assert.DoesNotContain(Key, s.Connection.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + Key + ";EndpointSuffix=core.windows.net", "acme", "https://acme.blob.core.windows.net/")]
    [InlineData("UseDevelopmentStorage=true", "devstoreaccount1", "http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("BlobEndpoint=https://acme.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=abc", "acme", "https://acme.blob.core.windows.net/")]
    public void A_connection_string_gives_the_account_and_endpoint_and_is_never_shown(string connection, string account, string endpoint)
    {
        var s = Parse($"""
              connection_string: "{connection}"
              container: bronze
            """);

        Assert.Equal((account, endpoint), (s.Connection.AccountName, s.Connection.BlobEndpoint.ToString()));
        Assert.Equal("connection string", s.Connection.CredentialKind);
        Assert.DoesNotContain(connection, s.Description);
        Assert.DoesNotContain("sig=", s.Description);
    }

    [Theory]
    [InlineData("container: bronze", "give either account_url")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  connection_string: UseDevelopmentStorage=true\n  container: bronze", "exactly one")]
    [InlineData("account_url: https://a.blob.core.windows.net?sv=2024&sig=abc\n  container: bronze", "sas_token")]
    [InlineData("account_url: ftp://a.blob.core.windows.net\n  container: bronze", "absolute http(s) URL")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: Bronze_1", "not a container name")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: ab", "not a container name")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: bronze\n  account_key: " + Key + "\n  sas_token: sv=1&sig=x", "not both")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: bronze\n  client_id: 11111111-2222\n  sas_token: sv=1&sig=x", "client_id")]
    [InlineData("connection_string: UseDevelopmentStorage=true\n  container: bronze\n  account_key: " + Key, "the connection string carries the credentials")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: bronze\n  block_size_mib: 0", "out of range")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: bronze\n  prefix: a/../b", "'..'")]
    [InlineData("account_url: https://a.blob.core.windows.net\n  container: bronze\n  bucket: x", "bucket")]
    public void Mistakes_name_the_key_and_what_is_wrong(string lake, string expected)
    {
        var e = Fails("  " + lake);

        Assert.Contains(expected, e.Message);
        Assert.Equal("landfall.yaml", e.File);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void A_malformed_key_or_connection_string_is_refused_without_echoing_the_value()
    {
        const string badKey = "not base64 but secret!";
        var e = Fails($"""
              account_url: https://a.blob.core.windows.net
              container: bronze
              account_key: "{badKey}"
            """);
        Assert.Contains("account_key", e.Message);
        Assert.DoesNotContain(badKey, e.Message);

        const string badConnection = "AccountName=a;Password=hunter2secret";
        e = Fails($"""
              connection_string: "{badConnection}"
              container: bronze
            """);
        Assert.Contains("connection_string", e.Message);
        Assert.DoesNotContain("hunter2secret", e.Message);
    }

    [Fact]
    public void The_entra_id_path_opens_without_a_request_and_claims_atomic_creates()
    {
        // DefaultAzureCredential is built here but asks for no token until a request: managed identity is not reachable on this
        // machine, so the credential path is exercised as far as opening (docs/deploy.md has the recipes, not run here).
        var settings = Parse("""
              account_url: https://mylake.blob.core.windows.net
              container: bronze
              client_id: 00000000-0000-0000-0000-000000000001
            """);

        var lake = LandfallKinds.BuiltIn.LakeKind("azure")!.Open(settings, new LakeOpenContext(NullLogger.Instance, TimeProvider.System));

        Assert.IsAssignableFrom<IAtomicCreateLake>(lake);
        Assert.Equal("https://mylake.blob.core.windows.net/bronze/_manifests/x.json", lake.UriOf("_manifests/x.json"));
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.Connection.ClientId);
    }

    [Fact]
    public void Same_account_means_the_same_blob_endpoint_whatever_the_credentials()
    {
        var a = new AzureConnectionSettings { AccountUrl = new Uri("https://acme.blob.core.windows.net/"), AccountKey = Key };
        var b = new AzureConnectionSettings { AccountUrl = new Uri("HTTPS://ACME.blob.core.windows.net"), SasToken = "sv=1&sig=x" };
        var c = new AzureConnectionSettings
        {
            ConnectionString = $"DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={Key};EndpointSuffix=core.windows.net",
        };
        var other = new AzureConnectionSettings { AccountUrl = new Uri("https://other.blob.core.windows.net") };

        Assert.True(a.SameAccountAs(b));
        Assert.True(a.SameAccountAs(c));
        Assert.False(a.SameAccountAs(other));
    }

    [Fact]
    public void Failure_texts_lose_any_sas_signature_and_keep_only_the_first_line()
    {
        var scrubbed = AzureTransience.Scrub("GET https://a.blob.core.windows.net/c/b?sv=2024&sig=SECRETSIG%3D&se=2026 failed");
        Assert.DoesNotContain("SECRETSIG", scrubbed);
        Assert.Contains("sig=REDACTED&se=2026", scrubbed);

        var e = new global::Azure.RequestFailedException(403, "Server failed to authenticate the request.\nHeaders:\nAuthorization: SharedKey x:SECRET",
            "AuthenticationFailed", null);
        Assert.Equal("403 AuthenticationFailed: Server failed to authenticate the request.", AzureTransience.Describe(e));
        Assert.True(AzureTransience.IsAuthenticationFailure(e));
        Assert.False(AzureTransience.IsTransient(e));
        Assert.True(AzureTransience.IsTransient(new global::Azure.RequestFailedException(503, "busy", "ServerBusy", null)));
        Assert.True(AzureTransience.IsTransient(new global::Azure.RequestFailedException(500, "oops", "InternalError", null)));
        Assert.False(AzureTransience.IsTransient(new global::Azure.RequestFailedException(501, "no", "NotImplemented", null)));
    }
}
