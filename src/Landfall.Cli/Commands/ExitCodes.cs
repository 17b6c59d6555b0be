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

    public const string Help = """
        Exit codes:
          0    done, or every date skipped
          1    a run failed (a failed manifest records why); verify found a mismatch; reconcile found drift
          2    usage or config error; nothing was run
          130  interrupted (Ctrl-C); 143 terminated (SIGTERM)
        """;
}
