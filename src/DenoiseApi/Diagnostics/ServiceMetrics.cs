using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// The service's own instruments (meter <see cref="MeterName"/>): queue depth, batch sizes, inference time, model load
/// failures and refusals by reason; and its trace source (<see cref="Tracing"/>), whose span wraps each model call.
/// Requests, latency and status per route come from ASP.NET Core's <c>http.server.request.duration</c>, tagged with the
/// model that answered (<see cref="ServedModelFeature.Set"/>). OpenTelemetry exports them (<see cref="TelemetryRegistration"/>).
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "DenoiseApi";

    /// <summary>Why a request was turned away, as the <c>reason</c> tag of <c>denoiseapi.requests.refused</c>.</summary>
    public static class Reasons
    {
        public const string QueueFull = "queue_full";
        public const string Unauthorized = "unauthorized";
        public const string RateLimited = "rate_limited";
    }

    /// <summary>Spans of the service's own work (one around every model call), under each request's ASP.NET Core span.</summary>
    public static readonly ActivitySource Tracing = new(MeterName);

    /// <summary>Bucket bounds of the time histograms, in seconds: from 100 µs (a 503 under overload) to 10 s (the deadline).</summary>
    internal static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly int[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _inferenceDuration;
    private readonly Counter<long> _loadFailures;
    private readonly Counter<long> _refused;
    private readonly UpDownCounter<long> _queueDepth;

    public ServiceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batchSize = meter.CreateHistogram("denoiseapi.batch.size", "{image}", "Images in each batch run, by model.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        _inferenceDuration = meter.CreateHistogram("denoiseapi.inference.duration", "s", "ONNX Runtime run time per batch, by model.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _loadFailures = meter.CreateCounter<long>("denoiseapi.model.load.failures", "{failure}", "Model versions that failed to load or warm up.");
        _refused = meter.CreateCounter<long>("denoiseapi.requests.refused", "{request}",
            "Requests turned away, by reason: queue_full (a model's queue, with the model), unauthorized (no accepted API key), rate_limited (the client's limit).");
        _queueDepth = meter.CreateUpDownCounter<long>("denoiseapi.queue.depth", "{request}", "Requests waiting in a model's queue.");
    }

    public void BatchRun(string model, int size, double seconds)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _batchSize.Record(size, tag);
        _inferenceDuration.Record(seconds, tag);
    }

    public void Enqueued(string model) => _queueDepth.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Dequeued(string model, int count) => _queueDepth.Add(-count, new KeyValuePair<string, object?>("model", model));

    /// <summary>A request turned away because <paramref name="model"/>'s queue was full.</summary>
    public void Rejected(string model) =>
        _refused.Add(1, new KeyValuePair<string, object?>("reason", Reasons.QueueFull), new KeyValuePair<string, object?>("model", model));

    /// <summary>A request turned away at the edge (<see cref="Reasons.Unauthorized"/>, <see cref="Reasons.RateLimited"/>).</summary>
    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void LoadFailed(string model) => _loadFailures.Add(1, new KeyValuePair<string, object?>("model", model));
}
