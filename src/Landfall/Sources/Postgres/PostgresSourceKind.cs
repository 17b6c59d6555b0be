using Landfall.Config;

namespace Landfall.Sources.Postgres;

/// <summary>The <c>postgres</c> kind: tables or queries of one PostgreSQL database, read in one snapshot, written as Parquet.</summary>
public sealed class PostgresSourceKind : ISourceKind
{
    /// <inheritdoc />
    public string Kind => "postgres";

    /// <inheritdoc />
    public IReadOnlyList<string> SourceKeys => PostgresSettings.Keys;

    /// <inheritdoc />
    public ISource Create(string name, DateOnly startDate, ConfigNode node) =>
        new PostgresSource(name, startDate, PostgresSettings.Parse(node), SourceEntities.Parse(node, PostgresEntity.Keys, PostgresEntity.Parse));
}
