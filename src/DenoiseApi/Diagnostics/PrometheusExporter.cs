using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace DenoiseApi.Diagnostics;

/// <summary>
/// Listens to the service's meters (<see cref="ServiceMetrics.ExportedMeters"/>) with a <see cref="MeterListener"/>, aggregates every measurement in memory
/// (counters as sums, up-down counters and gauges as current values, histograms as cumulative buckets) and renders
/// them in the Prometheus text exposition format (version 0.0.4) for <c>GET /metrics</c>.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] SecondsBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] CountBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>
    /// .NET publishes these as observable counters, but they are current values that go up and down (the OpenTelemetry
    /// conventions call them up-down counters), so they are rendered as gauges, without <c>_total</c>.
    /// </summary>
    private static readonly HashSet<string> CurrentValuesPublishedAsCounters =
        new(["dotnet.thread_pool.thread.count", "dotnet.thread_pool.queue.length"], StringComparer.Ordinal);

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly HashSet<string> _meterNames;

    /// <param name="meterNames">The meters to export (default <see cref="ServiceMetrics.ExportedMeters"/>).</param>
    /// <param name="meterFactory">
    /// The host's meter factory: a meter made by a factory is exported only when it is this one, so two hosts in one
    /// process (integration tests) never see each other's measurements. Meters made without a factory (.NET's
    /// System.Runtime, which is process-wide) are always exported.
    /// </param>
    public PrometheusExporter(IEnumerable<string>? meterNames = null, IMeterFactory? meterFactory = null)
    {
        _meterNames = new HashSet<string>(meterNames ?? ServiceMetrics.ExportedMeters, StringComparer.Ordinal);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!_meterNames.Contains(instrument.Meter.Name)) return;
            if (meterFactory is not null && instrument.Meter.Scope is { } scope && !ReferenceEquals(scope, meterFactory)) return;
            _instruments.TryAdd(instrument, new InstrumentSeries(instrument));
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_instruments.TryGetValue(instrument, out var series)) series.Record(value, tags);
    }

    /// <summary>Every instrument's current series in the Prometheus text format.</summary>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var series in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal)) series.Render(text);
        return text.ToString();
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument and its aggregated series, keyed by the rendered label set.</summary>
    private sealed class InstrumentSeries
    {
        private readonly Instrument _instrument;
        private readonly string _type;
        private readonly double[]? _buckets;
        private readonly ConcurrentDictionary<LabelSet, Aggregate> _series;
        private readonly ConcurrentDictionary<LabelSet, Aggregate>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _byTags;

        public InstrumentSeries(Instrument instrument)
        {
            _instrument = instrument;
            var generic = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
            (_type, _buckets) = generic switch
            {
                _ when CurrentValuesPublishedAsCounters.Contains(instrument.Name) => ("gauge", null),
                _ when generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>) => ("counter", null),
                _ when generic == typeof(Histogram<>) => ("histogram", instrument.Unit == "s" ? SecondsBuckets : CountBuckets),
                _ => ("gauge", (double[]?)null),
            };
            IsObservable = instrument.IsObservable;
            Name = PrometheusName(instrument, _type);
            _series = new ConcurrentDictionary<LabelSet, Aggregate>(LabelSetComparer.Instance);
            _byTags = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        }

        public string Name { get; }

        private bool IsObservable { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Looked up by the tags themselves: a measurement allocates nothing once its label set has been seen.
            if (!_byTags.TryGetValue(tags, out var aggregate))
                aggregate = _series.GetOrAdd(new LabelSet(tags), static (_, buckets) => new Aggregate(buckets), _buckets);
            lock (aggregate)
            {
                if (_buckets is not null)
                {
                    aggregate.Count++;
                    aggregate.Sum += value;
                    for (var b = 0; b < _buckets.Length; b++)
                    {
                        if (value <= _buckets[b]) aggregate.BucketCounts![b]++;
                    }
                }
                else if (IsObservable) aggregate.Sum = value; // observable instruments report the current value or running total
                else aggregate.Sum += value;
            }
        }

        public void Render(StringBuilder text)
        {
            if (_series.IsEmpty) return;
            if (!string.IsNullOrEmpty(_instrument.Description)) text.Append("# HELP ").Append(Name).Append(' ').Append(Escape(_instrument.Description, help: true)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(_type).Append('\n');
            foreach (var (set, aggregate) in _series.OrderBy(p => p.Key.Text, StringComparer.Ordinal))
            {
                var labels = set.Text;
                lock (aggregate)
                {
                    if (_buckets is null)
                    {
                        Line(text, Name, labels, aggregate.Sum);
                        continue;
                    }
                    var baseName = Name;
                    for (var b = 0; b < _buckets.Length; b++)
                        Line(text, baseName + "_bucket", Join(labels, $"le=\"{Number(_buckets[b])}\""), aggregate.BucketCounts![b]);
                    Line(text, baseName + "_bucket", Join(labels, "le=\"+Inf\""), aggregate.Count);
                    Line(text, baseName + "_sum", labels, aggregate.Sum);
                    Line(text, baseName + "_count", labels, aggregate.Count);
                }
            }
        }

        private static void Line(StringBuilder text, string name, string labels, double value)
        {
            text.Append(name);
            if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
            text.Append(' ').Append(Number(value)).Append('\n');
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

    }

    /// <summary>One series' tags as first recorded, and their rendered Prometheus label text (sorted by key).</summary>
    private sealed class LabelSet
    {
        public LabelSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            Tags = tags.ToArray();
            Array.Sort(Tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            var text = new StringBuilder();
            foreach (var (key, value) in Tags)
            {
                if (text.Length > 0) text.Append(',');
                text.Append(Sanitize(key)).Append("=\"")
                    .Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", help: false)).Append('"');
            }
            Text = text.ToString();
        }

        public KeyValuePair<string, object?>[] Tags { get; }

        public string Text { get; }
    }

    /// <summary>
    /// Label sets are equal when they hold the same keys with equal values, in any order; the alternate key lets a
    /// measurement's tag span find its series without building a string.
    /// </summary>
    private sealed class LabelSetComparer : IEqualityComparer<LabelSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, LabelSet>
    {
        public static readonly LabelSetComparer Instance = new();

        public bool Equals(LabelSet? x, LabelSet? y) => ReferenceEquals(x, y) || (x is not null && y is not null && Matches(x.Tags, y));

        public int GetHashCode(LabelSet obj) => Hash(obj.Tags);

        public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, LabelSet other) => Matches(alternate, other);

        public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => Hash(alternate);

        public LabelSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate);

        private static bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags, LabelSet set)
        {
            if (tags.Length != set.Tags.Length) return false;
            foreach (var (key, value) in tags)
            {
                var found = false;
                foreach (var (setKey, setValue) in set.Tags)
                {
                    if (!string.Equals(key, setKey, StringComparison.Ordinal)) continue;
                    found = Equals(value, setValue);
                    break;
                }
                if (!found) return false;
            }
            return true;
        }

        /// <summary>Order-independent: the sum of each tag's hash.</summary>
        private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hash = 0;
            foreach (var (key, value) in tags)
                hash = unchecked(hash + HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value?.GetHashCode() ?? 0));
            return hash;
        }
    }

    private sealed class Aggregate(double[]? buckets)
    {
        public double Sum;
        public long Count;
        public readonly long[]? BucketCounts = buckets is null ? null : new long[buckets.Length];
    }

    internal static string PrometheusName(Instrument instrument, string type)
    {
        var name = Sanitize(instrument.Name);
        var unit = instrument.Unit switch
        {
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ => null,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal)) name += "_" + unit;
        if (type == "counter" && !name.EndsWith("_total", StringComparison.Ordinal)) name += "_total";
        return name;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':' || (i > 0 && c is >= '0' and <= '9');
            if (!ok) chars[i] = '_';
        }
        return new string(chars);
    }

    private static string Escape(string value, bool help)
    {
        var text = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return help ? text : text.Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
