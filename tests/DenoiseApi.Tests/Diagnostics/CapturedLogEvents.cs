using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace DenoiseApi.Tests.Diagnostics;

/// <summary>
/// A Serilog sink that keeps every event of one host in memory. Registered as a service, the host's logger picks it up
/// (<c>ReadFrom.Services</c>), the way a deployment would add a sink.
/// </summary>
public sealed class CapturedLogEvents : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>The request-completion events (Serilog.AspNetCore's) for <paramref name="path"/>.</summary>
    public IEnumerable<LogEvent> RequestsTo(string path) => Events.Where(e =>
        e.Properties.TryGetValue("SourceContext", out var source) && source.ToString() == "\"Serilog.AspNetCore.RequestLoggingMiddleware\""
        && Scalar(e, "RequestPath") as string == path);

    /// <summary>
    /// The one request-completion event for <paramref name="path"/>, once written: the event is written when the
    /// pipeline returns, which can be just after the client has the answer.
    /// </summary>
    public async Task<LogEvent> RequestEventAsync(string path)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(10);
        while (!RequestsTo(path).Any() && DateTime.UtcNow < giveUp) await Task.Delay(20);
        return Assert.Single(RequestsTo(path));
    }

    /// <summary>The plain value of a scalar property, or null.</summary>
    public static object? Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue scalar ? scalar.Value : null;
}
