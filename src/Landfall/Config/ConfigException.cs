namespace Landfall.Config;

/// <summary>A config file is wrong. The message names the file, the line and the key, for example
/// <c>landfall.yaml:14 sources[1].start_date: '2026-13-01' is not a date.</c></summary>
/// <param name="file">The config file.</param>
/// <param name="line">1-based line, 0 when unknown.</param>
/// <param name="path">The key path, such as <c>sources[1].start_date</c>.</param>
/// <param name="problem">What is wrong with it.</param>
/// <param name="innerException">The cause.</param>
public sealed class ConfigException(string file, long line, string path, string problem, Exception? innerException = null)
    : LandfallException(Format(file, line, path, problem), innerException)
{
    /// <summary>The config file.</summary>
    public string File { get; } = file;

    /// <summary>1-based line, 0 when unknown.</summary>
    public long Line { get; } = line;

    /// <summary>The key path, such as <c>sources[1].start_date</c>.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; } = problem;

    /// <inheritdoc />
    public override string ErrorType => "config_error";

    internal static string Format(string file, long line, string path, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        var message = string.IsNullOrEmpty(path) ? $"{where}: {problem}" : $"{where} {path}: {problem}";
        return message.EndsWith('.') ? message : message + ".";
    }
}
