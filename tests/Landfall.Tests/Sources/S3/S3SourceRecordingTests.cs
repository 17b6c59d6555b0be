using Amazon.S3.Model;
using Landfall.Sources.S3;

namespace Landfall.Tests.Sources.S3;

/// <summary>
/// What the manifest records per object. The test server (Swift 2.30's s3api) returns no x-amz-checksum-* values, so the checksum
/// mapping is tested here; versions are also tested against the real server (integration tests).
/// </summary>
public sealed class S3SourceRecordingTests
{
    private static readonly S3SourceObject Listed = new("drop", "exports/2026/01/10/a.csv", "a.csv", 5,
        new DateTimeOffset(2026, 1, 10, 3, 0, 0, TimeSpan.Zero), "9a9a4c27ec12cf55d751ef7a78561fe7-3", HasChecksums: true, VersionId: "v-17");

    [Fact]
    public void The_x_amz_checksum_values_of_a_HEAD_are_recorded_by_algorithm()
    {
        var head = new GetObjectMetadataResponse
        {
            ChecksumCRC32 = "AAAAAA==",
            ChecksumCRC32C = "BBBBBB==",
            ChecksumCRC64NVME = "CCCCCCCCCCC=",
            ChecksumSHA1 = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
            ChecksumSHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        };

        var checksums = S3SourceClient.Checksums(head);

        Assert.Equal(new Dictionary<string, string>
        {
            ["crc32"] = "AAAAAA==",
            ["crc32c"] = "BBBBBB==",
            ["crc64nvme"] = "CCCCCCCCCCC=",
            ["sha1"] = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=",
            ["sha256"] = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
        }, checksums);
    }

    [Fact]
    public void A_GET_with_one_checksum_records_only_that_one_and_none_records_nothing()
    {
        Assert.Equal(new Dictionary<string, string> { ["crc32c"] = "yZRlqg==" },
            S3SourceClient.Checksums(new GetObjectResponse { ChecksumCRC32C = "yZRlqg==" }));
        Assert.Empty(S3SourceClient.Checksums(new GetObjectMetadataResponse()));
    }

    [Fact]
    public void The_manifest_fields_carry_version_checksums_and_etag_facts()
    {
        var facts = S3SourceSession.Facts(Listed, S3SourceSession.ServerSideMultipartCopy, etagVerified: false, "v-17",
            new Dictionary<string, string> { ["sha256"] = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" });

        Assert.Equal("drop", facts["source_bucket"].GetString());
        Assert.Equal("exports/2026/01/10/a.csv", facts["source_key"].GetString());
        Assert.Equal(5, facts["source_size"].GetInt64());
        Assert.Equal("multipart", facts["etag_kind"].GetString());
        Assert.Equal(3, facts["source_parts"].GetInt32());
        Assert.Equal("server_side_multipart_copy", facts["copy_method"].GetString());
        Assert.False(facts["etag_verified"].GetBoolean());
        Assert.Equal("v-17", facts["source_version_id"].GetString());
        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", facts["source_checksums"].GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("null")] // S3's version id of an object written without versioning
    public void No_version_id_is_recorded_for_an_unversioned_object(string? versionId)
    {
        var facts = S3SourceSession.Facts(Listed with { VersionId = null }, S3SourceSession.ServerSideCopy, etagVerified: true, versionId,
            new Dictionary<string, string>());

        Assert.False(facts.ContainsKey("source_version_id"));
        Assert.False(facts.ContainsKey("source_checksums"));
        Assert.Null(S3SourceClient.VersionIdOrNull(versionId));
    }
}
