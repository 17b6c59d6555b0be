namespace Landfall.Hosting;

/// <summary>The full preset: every kind Landfall has built in, each registered by its own extension method.</summary>
public static class BuiltInKindsBuilderExtensions
{
    /// <summary>
    /// Registers the built-in lake kinds (local, the default lake; s3; azure) and source kinds (files, s3, postgres, sftp, azure_blob): what
    /// <see cref="LandfallHost.CreateBuilder"/> starts with and the <c>landfall</c> command uses. A slim host
    /// (<see cref="LandfallHost.CreateSlimBuilder"/>) takes only the kinds it names instead.
    /// </summary>
    public static LandfallHostBuilder AddBuiltInKinds(this LandfallHostBuilder builder) => builder
        .AddLocalLake()
        .AddS3Lake()
        .AddAzureLake()
        .AddFilesSource()
        .AddS3Source()
        .AddPostgresSource()
        .AddSftpSource()
        .AddAzureBlobSource();
}
