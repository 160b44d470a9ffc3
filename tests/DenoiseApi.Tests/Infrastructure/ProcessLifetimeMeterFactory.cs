using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>
/// The test hosts' <see cref="IMeterFactory"/>: meters live as long as the test process, not the host.
/// OpenTelemetry's MeterProvider listens to meters by name, so every in-memory host's provider also listens to the
/// other hosts' "DenoiseApi" and "Microsoft.AspNetCore.Hosting" meters and merges same-named instruments into one
/// stream; when one host shuts down and disposes its meters, that stream is marked completed and dropped from every
/// provider at its next collection, so a host still running in a parallel test loses e.g. http.server.request.duration
/// from its /metrics. In production there is one host per process and its meters end with it; here they outlive it.
/// </summary>
internal sealed class ProcessLifetimeMeterFactory : IMeterFactory
{
    private readonly ConcurrentDictionary<(string Name, string? Version), Meter> _meters = new();

    /// <summary>One meter per name and version for this host, as the default factory gives (tags are not used here).</summary>
    public Meter Create(MeterOptions options) =>
        _meters.GetOrAdd((options.Name, options.Version), _ => new Meter(options.Name, options.Version, options.Tags, scope: this));

    /// <summary>Leaves the meters running: see the class summary.</summary>
    public void Dispose()
    {
    }
}
