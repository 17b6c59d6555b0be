using Landfall.Sources.Postgres;

// In the builder's namespace, as registration extensions are in .NET (see LocalLakeBuilderExtensions).
namespace Landfall.Hosting;

/// <summary>Registers the <c>postgres</c> source kind.</summary>
public static class PostgresSourceBuilderExtensions
{
    /// <summary>Lets a config name <c>kind: postgres</c> sources: tables or queries of a PostgreSQL database.</summary>
    public static LandfallHostBuilder AddPostgresSource(this LandfallHostBuilder builder) =>
        (builder ?? throw new ArgumentNullException(nameof(builder))).AddSourceKind(new PostgresSourceKind());
}
