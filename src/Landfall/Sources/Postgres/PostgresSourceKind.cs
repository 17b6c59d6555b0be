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

    /// <inheritdoc />
    public IReadOnlyList<Type> SettingsTypes => [typeof(PostgresSettings)];

    /// <inheritdoc />
    public string? StarterConfig => """
        # Tables or queries of one PostgreSQL database, read in one snapshot per date, written as Parquet.
        - name: shop_db
          kind: postgres
          start_date: 2026-01-01
          connection_string: "Host=db.internal;Port=5432;Database=shop;Username=landfall_reader;Password=${SHOP_DB_PASSWORD}"
          ssl_mode: verify-full
          entities:
            - name: customers
              table: customers          # a whole table, or:
            - name: orders
              query: "SELECT * FROM orders WHERE created_at >= @window_start AND created_at < @window_end"
        """;
}
