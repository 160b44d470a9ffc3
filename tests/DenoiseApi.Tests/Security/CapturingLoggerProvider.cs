using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DenoiseApi.Tests.Security;

/// <summary>One captured log event: category, id, level, message, structured fields and the fields of its scopes.</summary>
public sealed record CapturedLog(
    string Category, EventId EventId, LogLevel Level, string Message,
    IReadOnlyDictionary<string, object?> Fields, IReadOnlyDictionary<string, object?> ScopeFields);

/// <summary>A logger provider that keeps every event in memory, with its structured state and scope values.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _events = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Events => [.. _events];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs) fields[key] = value;
            }
            var scopeFields = new Dictionary<string, object?>(StringComparer.Ordinal);
            owner._scopes.ForEachScope((scope, into) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    foreach (var (key, value) in scopePairs) into[key] = value;
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> objectPairs)
                {
                    foreach (var (key, value) in objectPairs) into[key] = value;
                }
            }, scopeFields);
            owner._events.Enqueue(new CapturedLog(category, eventId, logLevel, formatter(state, exception), fields, scopeFields));
        }
    }
}
