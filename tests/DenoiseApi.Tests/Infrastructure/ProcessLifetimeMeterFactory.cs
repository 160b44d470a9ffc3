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
    /// <summary>
    /// Shared by every host of the process: one meter per name and version, so each instrument exists once (a meter
    /// hands back its existing instrument for the same name, unit and description) and every host's measurements go
    /// into it (tests assert "at least"). With a meter per host, the providers logged each host's
    /// http.server.request.duration as a duplicate instrument (OTEL_DIAGNOSTICS), and since HostingMetrics disposes the
    /// meter it was given when its host stops, a host's /metrics lost http.server.* altogether:
    /// OperationsTests.MetricsCountRequestsPerRouteAndModelInPrometheusFormat failed 5 of 5 runs filtered to
    /// OperationsTests|CorsTests(|ApiKeyTests), and passes 3 of 3 with these shared, undisposable meters.
    /// </summary>
    private static readonly ConcurrentDictionary<(string Name, string? Version), Meter> Meters = new();

    /// <summary>The process's meter of that name and version (tags are not used here).</summary>
    public Meter Create(MeterOptions options) =>
        Meters.GetOrAdd((options.Name, options.Version), _ => new UndisposableMeter(options.Name, options.Version));

    /// <summary>Leaves the meters running: see the class summary.</summary>
    public void Dispose()
    {
    }
}

/// <summary>
/// A meter its users cannot end, as the runtime's own factory hands out: ASP.NET Core's HostingMetrics disposes the
/// meter it got when its host stops, which would end http.server.* for every host that shares it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2215:Dispose methods should call base class dispose",
    Justification = "Not ending the meter is the point: it outlives the hosts that use it, like the runtime factory's meters.")]
internal sealed class UndisposableMeter(string name, string? version) : Meter(name, version)
{
    protected override void Dispose(bool disposing)
    {
    }
}
