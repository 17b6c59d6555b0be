using Landfall.Config;
using Landfall.Hosting;
using Landfall.S3;
using Landfall.Sources.S3;

namespace Landfall.Tests.Sources.S3;

/// <summary>Parsing and validating the s3 source's config: every mistake names file, line and key.</summary>
public sealed class S3SourceConfigTests
{
    private static LandfallConfig Parse(string source, string entity = "") => ConfigLoader.Parse($"""
        sources:
          - name: partner
            kind: s3
            start_date: 2026-01-01
        {source}
            entities:
              - name: exports
                bucket: partner-drop
                prefix: "exports/{"{date:yyyy/MM/dd}"}/"
        {entity}
        """, "landfall.yaml", Path.GetTempPath());

    private static ConfigException Fails(string source, string entity = "") => Assert.Throws<ConfigException>(() => Parse(source, entity));

    [Fact]
    public void A_minimal_source_gets_the_documented_defaults()
    {
        var source = Assert.IsType<S3Source>(Parse("").Sources[0]);

        Assert.Equal("s3", source.Kind);
        Assert.Null(source.Settings.Connection.Endpoint);
        Assert.Equal("us-east-1", source.Settings.Connection.Region);
        Assert.Null(source.Settings.Connection.AccessKeyId);
        Assert.Equal(16, source.Settings.MaxParallelCopies);
        Assert.Equal(TimeSpan.Zero, source.Settings.QuietPeriod);
        Assert.True(source.Settings.ServerSideCopy);
        Assert.Equal(5120, source.Settings.MultipartCopyThresholdMiB);
        Assert.Equal(4, source.Settings.CopyPartConcurrency);
        var entity = source.Entity("exports");
        Assert.Equal("partner-drop", entity.Bucket);
        Assert.Equal("exports/2026/01/10/", entity.Prefix.Render(new DateOnly(2026, 1, 10)));
        Assert.True(entity.Glob.IsMatch("anything.bin"));
        Assert.False(entity.AllowEmpty);
        Assert.False(entity.Recursive);
    }

    [Fact]
    public void Every_source_and_entity_key_is_read()
    {
        var name = $"LANDFALL_TEST_SECRET_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "s3cr3t");
        try
        {
            var source = Assert.IsType<S3Source>(Parse($"""
                    endpoint: http://127.0.0.1:9010
                    region: eu-west-1
                    force_path_style: true
                    access_key_id: AKIAEXAMPLE
                    secret_access_key: "${"{" + name + "}"}"
                    max_parallel_copies: 4
                    quiet_period: 15m
                    max_attempts: 3
                    server_side_copy: false
                    multipart_copy_threshold_mib: 64
                    copy_part_size_mib: 16
                    copy_part_concurrency: 8
                """, """
                        glob: "*.csv"
                        recursive: true
                        allow_empty: true
                """).Sources[0]);

            var s = source.Settings;
            var c = s.Connection;
            Assert.Equal(("http://127.0.0.1:9010", "eu-west-1", true), (c.Endpoint, c.Region, c.ForcePathStyle));
            Assert.Equal(("AKIAEXAMPLE", "s3cr3t"), (c.AccessKeyId, c.SecretAccessKey));
            Assert.Equal((4, TimeSpan.FromMinutes(15), 3, false, 64, 16),
                (s.MaxParallelCopies, s.QuietPeriod, c.MaxAttempts, s.ServerSideCopy, s.MultipartCopyThresholdMiB, s.CopyPartSizeMiB));
            Assert.Equal(8, s.CopyPartConcurrency);
            var e = source.Entity("exports");
            Assert.True(e.Glob.IsMatch("a.csv"));
            Assert.False(e.Glob.IsMatch("a.txt"));
            Assert.True(e.Recursive);
            Assert.True(e.AllowEmpty);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    public void Quiet_period_takes_a_number_and_a_unit(string text, int seconds)
    {
        var source = (S3Source)Parse($"    quiet_period: {text}").Sources[0];

        Assert.Equal(TimeSpan.FromSeconds(seconds), source.Settings.QuietPeriod);
    }

    [Theory]
    [InlineData("    quiet_period: soon", "sources[0].quiet_period", "not a duration")]
    [InlineData("    quiet_period: 5000d", "sources[0].quiet_period", "out of range")]
    [InlineData("    access_key_id: AKIA", "sources[0].access_key_id", "go together")]
    [InlineData("    profile: p\n    access_key_id: a\n    secret_access_key: s", "sources[0].profile", "either profile")]
    [InlineData("    session_token: t", "sources[0].session_token", "needs access_key_id")]
    [InlineData("    endpoint: 127.0.0.1:9010", "sources[0].endpoint", "absolute http(s) URL")]
    [InlineData("    max_parallel_copies: 0", "sources[0].max_parallel_copies", "out of range")]
    [InlineData("    copy_part_size_mib: 4", "sources[0].copy_part_size_mib", "out of range")]
    [InlineData("    server_side_copy: maybe", "sources[0].server_side_copy", "not a boolean")]
    [InlineData("    bucket: x", "sources[0].bucket", "unknown key")]
    public void A_bad_source_key_fails_naming_the_key(string yaml, string path, string problem)
    {
        var e = Fails(yaml);

        Assert.Equal(path, e.Path);
        Assert.Contains(problem, e.Message);
        Assert.True(e.Line > 0);
    }

    [Theory]
    [InlineData("        glob: \"a/*.csv\"", "sources[0].entities[0].glob", "no '/'")]
    [InlineData("        glob: \"[abc\"", "sources[0].entities[0].glob", "unclosed")]
    [InlineData("        directory: x", "sources[0].entities[0].directory", "unknown key")]
    [InlineData("        allow_empty: sometimes", "sources[0].entities[0].allow_empty", "not a boolean")]
    public void A_bad_entity_key_fails_naming_the_key(string yaml, string path, string problem)
    {
        var e = Fails("", yaml);

        Assert.Equal(path, e.Path);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void A_prefix_with_a_stray_brace_or_a_leading_slash_fails()
    {
        Assert.Contains("brace", Assert.Throws<ConfigException>(() => ParseEntity("prefix: \"exports/{dat}/\"")).Message);
        Assert.Contains("does not start with '/'", Assert.Throws<ConfigException>(() => ParseEntity("prefix: \"/exports/\"")).Message);
        Assert.Contains("not a bucket name", Assert.Throws<ConfigException>(() => ParseEntity("prefix: x", bucket: "a/b")).Message);
        Assert.Contains("is required", Assert.Throws<ConfigException>(() => ParseEntity("prefix: x", bucket: null)).Message);
    }

    private static LandfallConfig ParseEntity(string line, string? bucket = "partner-drop") => ConfigLoader.Parse($"""
        sources:
          - name: partner
            kind: s3
            start_date: 2026-01-01
            entities:
              - name: exports
                {(bucket is null ? "" : "bucket: " + bucket)}
                {line}
        """, "landfall.yaml", Path.GetTempPath());

    [Theory]
    [InlineData("d41d8cd98f00b204e9800998ecf8427e", "md5", null)]
    [InlineData("9a9a4c27ec12cf55d751ef7a78561fe7-3", "multipart", 3)]
    [InlineData("not-an-etag", "other", null)]
    public void ETags_are_told_apart_by_S3s_rules(string etag, string kind, int? parts)
    {
        Assert.Equal(new ETagInfo(kind, parts), ETagInfo.Parse(etag));
    }

    [Fact]
    public void Server_side_copy_needs_the_same_endpoint_and_the_same_credentials()
    {
        var source = new S3ConnectionSettings { Endpoint = "http://127.0.0.1:9010", AccessKeyId = "k", SecretAccessKey = "s" };
        var lake = new S3ConnectionSettings { Endpoint = "http://127.0.0.1:9010/", AccessKeyId = "k", SecretAccessKey = "s" };

        Assert.True(source.SameAccountAs(lake));
        Assert.False(source.SameAccountAs(lake with { Endpoint = "http://localhost:9010" }));
        Assert.False(source.SameAccountAs(lake with { SecretAccessKey = "other" }));
        Assert.False(source.SameAccountAs(lake with { AccessKeyId = null, SecretAccessKey = null }));
        Assert.True(new S3ConnectionSettings { Profile = "p" }.SameAccountAs(new S3ConnectionSettings { Profile = "p" }));
    }
}
