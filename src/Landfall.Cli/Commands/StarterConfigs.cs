namespace Landfall.Cli.Commands;

/// <summary>The commented landfall.yaml that <c>landfall init</c> writes, one per source kind. Each passes <c>landfall validate</c>
/// once the ${...} variables it names are set.</summary>
internal static class StarterConfigs
{
    public static IReadOnlyList<string> Kinds { get; } = ["files", "s3", "postgres", "sftp"];

    public static string For(string kind) => Header + kind switch
    {
        "files" => """
              # A folder on this machine or a mount: each date's files are copied into the lake, SHA-256'd as they stream.
              - name: shop                    # the source=... segment of every key; letters, digits, _ - .
                kind: files
                start_date: 2026-01-01        # the first business date with data; resume starts here
                entities:
                  - name: orders              # the entity=... segment; one entity per kind of file
                    directory: drop/{date}    # relative to this file; {date} is yyyy-MM-dd, {date:yyyy/MM/dd} any format
                    glob: "*.csv"             # which file names to take (default *)
                    # recursive: false        # also take files in sub-folders
                    # allow_empty: false      # a date without files is a success with zero objects (default: it fails)
            """,
        "s3" => """
              # Objects under an S3 prefix (AWS or S3-compatible); copied server-side when the lake is on the same endpoint.
              - name: partner
                kind: s3
                start_date: 2026-01-01
                region: eu-west-1
                # endpoint: http://127.0.0.1:9010       # an S3-compatible server
                # access_key_id: ${PARTNER_S3_KEY}       # default: the AWS credential chain (env, profile, instance role)
                # secret_access_key: ${PARTNER_S3_SECRET}
                quiet_period: 15m                        # objects modified within this before the run hold the date back
                entities:
                  - name: exports
                    bucket: partner-exports
                    prefix: "daily/{date:yyyy/MM/dd}/"
                    glob: "*.csv"
            """,
        "postgres" => """
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
            """,
        "sftp" => """
              # A partner's drop on an SFTP server: the host key is pinned, only settled files are taken.
              - name: partner_sftp
                kind: sftp
                start_date: 2026-01-01
                host: sftp.partner.example
                username: landfall
                private_key_env: PARTNER_SFTP_KEY   # a variable holding the private key (or private_key: a file, or password)
                # host_key_fingerprint: "SHA256:..."  # landfall check prints the one the server presents; pin it after confirming
                settle_interval: 30s                # two listings this far apart must agree before a file is taken
                entities:
                  - name: invoices
                    directory: /outgoing/{date:yyyyMMdd}
                    glob: "*.csv"
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private const string Header = """
        # landfall.yaml: what to ingest, into which lake, on which schedule. Reference: docs/configuration.md.
        # Check it with `landfall validate`, then `landfall check` (connects to the sources), then `landfall plan`.
        env: dev                              # written into every manifest

        lake:                                 # where data and manifests land (default: ./lake beside this file)
          kind: local
          path: ./lake
          # kind: s3
          # bucket: my-lake
          # region: eu-west-1

        schedule:
          timezone: UTC                       # what "today" is
          lag_days: 1                         # the newest complete business date is today minus this

        sources:

        """;
}
