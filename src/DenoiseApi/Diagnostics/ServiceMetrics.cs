using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// The service's instruments (meter <see cref="MeterName"/>): requests and their latency per endpoint and model, queue
/// depth, batch sizes, inference time and model load failures. Read at /metrics and, when configured, exported over OTLP.
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "DenoiseApi";

    /// <summary>
    /// .NET's own meter: GC (collections, heap size, bytes allocated), thread pool (threads, queue length), process CPU
    /// time, exceptions, lock contention. Exported next to the service's, so allocation and CPU per request can be read
    /// from the same scrape as the request counts.
    /// </summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>The meters /metrics and the OTLP exporter publish.</summary>
    public static IReadOnlyList<string> ExportedMeters { get; } = [MeterName, RuntimeMeterName];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _inferenceDuration;
    private readonly Counter<long> _loadFailures;
    private readonly Counter<long> _rejected;
    private readonly UpDownCounter<long> _queueDepth;

    public ServiceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("denoiseapi.requests", "{request}", "Requests answered, by endpoint, model and status code.");
        _requestDuration = meter.CreateHistogram<double>("denoiseapi.request.duration", "s", "Time from request start to answer, by endpoint, model and status code.");
        _batchSize = meter.CreateHistogram<int>("denoiseapi.batch.size", "{image}", "Images in each batch run, by model.");
        _inferenceDuration = meter.CreateHistogram<double>("denoiseapi.inference.duration", "s", "ONNX Runtime run time per batch, by model.");
        _loadFailures = meter.CreateCounter<long>("denoiseapi.model.load.failures", "{failure}", "Model versions that failed to load or warm up.");
        _rejected = meter.CreateCounter<long>("denoiseapi.queue.rejected", "{request}", "Requests turned away because a model's queue was full.");
        _queueDepth = meter.CreateUpDownCounter<long>("denoiseapi.queue.depth", "{request}", "Requests waiting in a model's queue.");
    }

    public void RequestAnswered(string endpoint, string model, int status, double seconds)
    {
        var tags = new TagList { { "endpoint", endpoint }, { "model", model }, { "status", status } };
        _requests.Add(1, tags);
        _requestDuration.Record(seconds, tags);
    }

    public void BatchRun(string model, int size, double seconds)
    {
        var tag = new KeyValuePair<string, object?>("model", model);
        _batchSize.Record(size, tag);
        _inferenceDuration.Record(seconds, tag);
    }

    public void Enqueued(string model) => _queueDepth.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Dequeued(string model, int count) => _queueDepth.Add(-count, new KeyValuePair<string, object?>("model", model));

    public void Rejected(string model) => _rejected.Add(1, new KeyValuePair<string, object?>("model", model));

    public void LoadFailed(string model) => _loadFailures.Add(1, new KeyValuePair<string, object?>("model", model));
}
