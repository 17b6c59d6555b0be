using Landfall.Sources.Azure;

// In the builder's namespace, as registration extensions are in .NET (see FilesSourceBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>azure_blob</c> source kind.</summary>
public static class AzureBlobSourceBuilderExtensions
{
    /// <summary>Lets a config name <c>kind: azure_blob</c> sources: blobs under a prefix of an Azure Blob Storage container.</summary>
    public static LandfallHostBuilder AddAzureBlobSource(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSourceKind(new AzureBlobSourceKind());
}
