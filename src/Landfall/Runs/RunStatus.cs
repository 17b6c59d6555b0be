using System.Text.Json.Serialization;

namespace Landfall.Runs;

/// <summary>What happened to one source for one date in a run (<see cref="RunResult.Status"/>); its word is written in JSON and shown.</summary>
[JsonConverter(typeof(WordConverter<RunStatus>))]
public enum RunStatus
{
    /// <summary>A success manifest was written.</summary>
    Success,

    /// <summary>The run failed (a failed manifest was written when possible).</summary>
    Failed,

    /// <summary>Nothing was done; nothing was written.</summary>
    Skipped,

    /// <summary>
    /// The date's data is not there yet and the date is not overdue: nothing was written (no manifest), and a later run looks again.
    /// <see cref="RunResult.Reason"/> says why (no_files_yet, file_not_settled, no_rows_yet), <see cref="RunResult.Errors"/> what is
    /// missing, <see cref="RunResult.Deadline"/> when the date becomes late.
    /// </summary>
    Waiting,
}
