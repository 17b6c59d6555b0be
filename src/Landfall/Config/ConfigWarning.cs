namespace Landfall.Config;

/// <summary>
/// Something in a config file that loads but deserves the user's attention, such as a retired setting that is now ignored.
/// <see cref="Message"/> names the file, the line and the key as a <see cref="ConfigException"/> does.
/// </summary>
/// <param name="File">The config file.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Path">The key path, such as <c>schedule.claim_ttl_minutes</c>.</param>
/// <param name="Problem">What to change.</param>
public sealed record ConfigWarning(string File, long Line, string Path, string Problem)
{
    /// <summary>The warning as one line: <c>landfall.yaml:7 schedule.claim_ttl_minutes: ...</c>.</summary>
    public string Message => ConfigException.Format(File, Line, Path, Problem);

    /// <inheritdoc />
    public override string ToString() => Message;
}
