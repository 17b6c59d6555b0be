using Landfall.IntegrationTests.S3;
using Landfall.Lake;
using Landfall.Testing;
using Xunit.Abstractions;

namespace Landfall.IntegrationTests.Safety;

/// <summary>Leases over a real S3-compatible server (whole-second LastModified).</summary>
[Collection(S3Collection.Name)]
public sealed class S3LeaseTests(S3Server server, ITestOutputHelper output) : LeaseSuite(output)
{
    protected override string LakeName => "S3 (Swift)";

    protected override (ILake Lake, string Yaml) CreateLake()
    {
        var settings = server.NewLakeSettings();
        return (server.NewLake(settings), S3Server.Yaml(settings));
    }
}
