namespace Landfall.Cli.Commands;

/// <summary>The exit codes of every command (documented in --help and docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Done, or nothing to do (every date skipped).</summary>
    public const int Ok = 0;

    /// <summary>A run failed, verification found a mismatch, or reconcile found drift.</summary>
    public const int Failed = 1;

    /// <summary>Usage or config error: nothing was run.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by SIGINT (Ctrl-C).</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM.</summary>
    public const int Terminated = 143;

    private const string Usage2 = "  2    usage or config error; nothing was run";

    private const string Signals = "  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)";

    /// <summary>The exit codes of every command, as --help prints them (docs/cli.md has the same table).</summary>
    public static string For(string command) => "Exit codes:\n" + command switch
    {
        "run" => """
              0    done: every date ingested, skipped, or waiting for its data (not overdue)
              1    a run failed (its failed manifest records why), or a date is late (overdue)
            """ + "\n" + Usage2 + "\n" + Signals,
        "status" => """
              0    status printed (with --check: every source fresh, nothing late)
              1    with --check: a source is past freshness.error_after or has a late date
            """ + "\n" + Usage2,
        "check" => """
              0    every source reachable; warnings (nothing dropped yet) do not count
              1    a source has an error (unreachable, refused credentials, host key not pinned)
            """ + "\n" + Usage2,
        "verify" => """
              0    every object matches its manifest
              1    something does not match (missing, size, SHA-256, ETag, rows, unreadable outputs)
            """ + "\n" + Usage2,
        "reconcile" => """
              0    no drift: every compared date matches its source (with --apply: every drifted date re-ingested)
              1    drift found (or a re-ingest failed), or a source could not be observed
            """ + "\n" + Usage2,
        "current" => """
              0    the listing was printed (dates without a successful run are not in it)
            """ + "\n" + Usage2,
        "export" => """
              0    the Parquet file was written
              1    the lake could not be read, or the file could not be moved into place
            """ + "\n" + Usage2,
        "report" => """
              0    the report was written
              1    the lake could not be read, or the file could not be moved into place
            """ + "\n" + Usage2,
        "index" => """
              0    every selected source has an index covering its manifests (written now, or already)
              1    the lake could not be read or written
            """ + "\n" + Usage2,
        "validate" => """
              0    the config is valid (warnings are printed, they do not fail)
              2    the config has an error (FILE:LINE key: message)
            """,
        "init" => """
              0    the starter config was written
              2    the file exists already, or an unknown --source-kind
            """,
        "landfall" => """
              0    done (each command's --help says what else it means)
              1    a run failed or a date is late (run), a mismatch (verify), drift (reconcile), an unreachable source (check), ...
            """ + "\n" + Usage2 + "\n" + Signals,
        _ => """
              0    done
            """ + "\n" + Usage2,
    };
}
