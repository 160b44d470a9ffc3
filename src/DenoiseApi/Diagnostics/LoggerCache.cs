using System.Collections.Concurrent;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// Hands out one logger per category. Serilog's logger factory builds a new logger (and a <c>SourceContext</c>
/// enricher) on every <see cref="ILoggerFactory.CreateLogger"/>, and ASP.NET Core's results ask for one per answer
/// (<c>Ok&lt;T&gt;</c>, <c>FileContentHttpResult</c>, ...): two loggers per request on the hot path. Microsoft's own
/// factory caches the same way.
/// </summary>
internal sealed class LoggerCache(ILoggerFactory factory) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, factory.CreateLogger);

    public void AddProvider(ILoggerProvider provider) => factory.AddProvider(provider);

    public void Dispose() => factory.Dispose();

    /// <summary>Wraps the registered <see cref="ILoggerFactory"/> (a singleton made by a factory method) in the cache.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        if (registered.ImplementationFactory is not { } create)
            throw new InvalidOperationException($"The logger factory is registered as {registered}; expected a factory method.");
        services.Remove(registered);
        services.AddSingleton<ILoggerFactory>(provider => new LoggerCache((ILoggerFactory)create(provider)));
    }
}
