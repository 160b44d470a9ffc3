using System.Diagnostics.Metrics;
using DenoiseApi.Diagnostics;

namespace DenoiseApi.Security;

/// <summary>
/// Counts the requests the edge turns away before any endpoint sees them (so the endpoints' request counter never
/// does): <c>denoiseapi.edge.rejected</c> by reason, <c>unauthorized</c> or <c>rate_limited</c>. It lives on the
/// service's meter, so /metrics and the OTLP export carry it with the rest.
/// </summary>
public sealed class EdgeMetrics
{
    public const string Unauthorized = "unauthorized";
    public const string RateLimited = "rate_limited";

    private readonly Counter<long> _rejected;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceMetrics.MeterName);
        _rejected = meter.CreateCounter<long>("denoiseapi.edge.rejected", "{request}",
            "Requests refused at the edge before reaching an endpoint, by reason (unauthorized, rate_limited).");
    }

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
