using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Testing;

namespace Landfall.IntegrationTests.Protocol;

/// <summary>The manifest protocol over a real S3-compatible server (whole-second LastModified, real pagination).</summary>
[Collection(S3Collection.Name)]
public sealed class S3ProtocolTests(S3Server server) : ManifestProtocolSuite
{
    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (server.NewLake(settings), S3Server.Yaml(settings));
    }

    // S3 sets LastModified itself; the suite writes within one second instead.
    protected override Task<bool> ForceSameLastModifiedAsync(IReadOnlyList<string> keys) => Task.FromResult(false);
}
