using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Landfall.Cli.Output;

/// <summary>
/// The command's logs on stderr, one line per event. Text: <c>HH:mm:ss warn: Landfall[1001] manifest_decode_failed: ...</c>, with
/// control characters escaped so that a hostile file name cannot drive the terminal. JSON: one object per line whose keys are
/// all snake_case: timestamp, level, event (the stable event name), event_id, category, message, then the event's fields and
/// its scope (run_id, source, ingest_date) as plain key/value pairs, and exception when there is one.
/// </summary>
internal sealed class CliLoggerProvider(TextWriter writer, LogLevel minimum, bool json, TimeProvider time) : ILoggerProvider, ISupportExternalScope
{
    // Message and the other top-level names are the line's own; an event field of the same name is written as detail_*.
    private static readonly HashSet<string> Reserved = ["timestamp", "level", "event", "event_id", "category", "message", "exception"];

    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _write = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => writer.Flush();

    /// <summary>A JSON line for an error that happened before any logger could run (a config or usage error).</summary>
    public static string JsonLine(DateTimeOffset now, string level, string eventName, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", Landfall.Manifests.ManifestFormat.FormatInstant(now));
            json.WriteString("level", level);
            json.WriteString("event", eventName);
            json.WriteString("message", message);
            foreach (var (key, value) in fields)
            {
                WriteField(json, key, value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void Write<TState>(string category, LogLevel level, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        var line = json ? Json(category, level, eventId, state, message, exception) : Text(category, level, eventId, message, exception);
        lock (_write)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private string Text(string category, LogLevel level, EventId eventId, string message, Exception? exception)
    {
        var text = new StringBuilder()
            .Append(time.GetUtcNow().ToString("HH:mm:ss ", CultureInfo.InvariantCulture))
            .Append(level switch
            {
                LogLevel.Trace => "trce",
                LogLevel.Debug => "dbug",
                LogLevel.Information => "info",
                LogLevel.Warning => "warn",
                LogLevel.Error => "fail",
                _ => "crit",
            })
            .Append(": ").Append(category).Append('[').Append(eventId.Id.ToString(CultureInfo.InvariantCulture)).Append("] ")
            .Append(Printable.Escape(message));
        if (exception is not null)
        {
            // The stack trace keeps its lines; only what came from outside is escaped.
            text.Append(Environment.NewLine).Append(Printable.Escape(exception.ToString(), keepNewlines: true));
        }
        return text.ToString();
    }

    private string Json<TState>(string category, LogLevel level, EventId eventId, TState state, string message, Exception? exception)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", Landfall.Manifests.ManifestFormat.FormatInstant(time.GetUtcNow()));
            json.WriteString("level", level.ToString().ToLowerInvariant());
            json.WriteString("event", eventId.Name ?? SnakeCase(category));
            json.WriteNumber("event_id", eventId.Id);
            json.WriteString("category", category);
            json.WriteString("message", message);
            var written = new HashSet<string>(Reserved);
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                foreach (var (key, value) in fields)
                {
                    if (key != "{OriginalFormat}")
                    {
                        WriteUnique(json, written, key, value);
                    }
                }
            }
            _scopes.ForEachScope((scope, w) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        WriteUnique(w.Json, w.Written, key, value);
                    }
                }
            }, (Json: json, Written: written));
            if (exception is not null)
            {
                json.WriteString("exception", exception.ToString());
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteUnique(Utf8JsonWriter json, HashSet<string> written, string key, object? value)
    {
        var name = SnakeCase(key);
        if (Reserved.Contains(name))
        {
            name = "detail_" + name;
        }
        if (written.Add(name))
        {
            WriteField(json, name, value);
        }
    }

    private static void WriteField(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case bool b:
                json.WriteBoolean(name, b);
                break;
            case int or long or short or byte or uint or ulong:
                json.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                json.WriteNumber(name, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset instant:
                json.WriteString(name, Landfall.Manifests.ManifestFormat.FormatInstant(instant));
                break;
            default:
                json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary><c>IngestDate</c> and <c>ingestDate</c> become <c>ingest_date</c>; snake_case stays as it is.</summary>
    internal static string SnakeCase(string key)
    {
        var text = new StringBuilder(key.Length + 4);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && key[i - 1] != '_' && (!char.IsUpper(key[i - 1]) || (i + 1 < key.Length && char.IsLower(key[i + 1]))))
                {
                    text.Append('_');
                }
                text.Append(char.ToLowerInvariant(c));
            }
            else
            {
                text.Append(c is '.' or '-' or ' ' ? '_' : c);
            }
        }
        return text.ToString();
    }

    private sealed class Logger(CliLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None && logLevel >= provider.MinimumFor(category);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, state, exception, formatter);
            }
        }
    }

    // Libraries (the AWS SDK, ...) stay quiet unless they warn.
    private LogLevel MinimumFor(string category) =>
        category.StartsWith("Landfall", StringComparison.Ordinal) ? minimum : (LogLevel)Math.Max((int)minimum, (int)LogLevel.Warning);
}
