namespace Landfall.Config;

/// <summary>
/// Something in a config that is valid but probably not what was meant (an old setting, a folder without a date token), named
/// like an error: <c>landfall.yaml:14 sources[1].directory: ...</c>. Warnings never stop a command.
/// </summary>
/// <param name="File">The config file.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Path">The key path.</param>
/// <param name="Message">What may be wrong and what to do.</param>
public sealed record ConfigWarning(string File, long Line, string Path, string Message)
{
    /// <summary><c>FILE:LINE KEY: message</c>, as config errors are written.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return string.IsNullOrEmpty(Path) ? $"{where}: {Message}" : $"{where} {Path}: {Message}";
    }
}
