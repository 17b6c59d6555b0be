namespace Landfall.Config;

/// <summary>A config file is wrong. The message names the file, the line and the key, for example
/// <c>landfall.yaml:14 sources[1].start_date: '2026-13-01' is not a date.</c></summary>
public sealed class ConfigException : LandfallException
{
    /// <summary>Creates the error.</summary>
    public ConfigException(string file, long line, string path, string problem, Exception? innerException = null)
        : base(Format(file, line, path, problem), innerException)
    {
        File = file;
        Line = line;
        Path = path;
        Problem = problem;
    }

    /// <summary>The config file.</summary>
    public string File { get; }

    /// <summary>1-based line, 0 when unknown.</summary>
    public long Line { get; }

    /// <summary>The key path, such as <c>sources[1].start_date</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override string ErrorType => "config_error";

    private static string Format(string file, long line, string path, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        var message = string.IsNullOrEmpty(path) ? $"{where}: {problem}" : $"{where} {path}: {problem}";
        return message.EndsWith('.') ? message : message + ".";
    }
}
