using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Landfall.Testing;

/// <summary>Collects log events in memory so tests can assert on event names and properties.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>Called with every event as it is logged, on the logging thread (to act at a precise moment of a run).</summary>
    public Action<LogEvent>? OnEvent { get; set; }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    public IEnumerable<LogEvent> Named(string eventName) => Events.Where(e => e.EventName == eventName);

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        private static readonly AsyncLocal<Stack<object?>> Scopes = new();

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            var stack = Scopes.Value ??= new Stack<object?>();
            stack.Push(state);
            return new Pop(stack);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = new Dictionary<string, object?>();
            foreach (var scope in Scopes.Value ?? new Stack<object?>())
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> kvs)
                {
                    foreach (var kv in kvs)
                    {
                        properties[kv.Key] = kv.Value;
                    }
                }
            }
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var kv in values)
                {
                    properties[kv.Key] = kv.Value;
                }
            }
            var logged = new LogEvent(logLevel, eventId.Name ?? "", formatter(state, exception), properties, exception);
            owner.Events.Enqueue(logged);
            owner.OnEvent?.Invoke(logged);
        }

        private sealed class Pop(Stack<object?> stack) : IDisposable
        {
            public void Dispose() => stack.Pop();
        }
    }
}

public sealed record LogEvent(LogLevel Level, string EventName, string Message, IReadOnlyDictionary<string, object?> Properties, Exception? Exception);
