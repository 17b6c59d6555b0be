using Landfall.Lake.Azure;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>azure</c> lake kind.</summary>
public static class AzureLakeBuilderExtensions
{
    /// <summary>Lets a config name <c>lake: kind: azure</c> (a container in Azure Blob Storage).</summary>
    public static LandfallHostBuilder AddAzureLake(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddLakeKind(new AzureLakeKind());
}
