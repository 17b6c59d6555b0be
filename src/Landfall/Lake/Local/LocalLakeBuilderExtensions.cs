using Landfall.Lake.Local;

// In the builder's namespace, as registration extensions are in .NET: found where the builder is, while the kind's own namespace
// stays free of the host.
namespace Landfall.Hosting;

/// <summary>Registers the <c>local</c> lake kind.</summary>
public static class LocalLakeBuilderExtensions
{
    /// <summary>Lets a config name <c>lake: kind: local</c> (a folder), and makes it the lake of a config without a <c>lake:</c> section.</summary>
    public static LandfallHostBuilder AddLocalLake(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddLakeKind(new LocalLakeKind());
}
