using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics.Metrics;
using DenoiseApi.Diagnostics;

namespace DenoiseApi.Tests.Units;

/// <summary>The /metrics exporter on a meter of its own: series are keyed by their tags, whatever order they come in.</summary>
public sealed class PrometheusExporterTests
{
    [Fact]
    public void MeasurementsWithTheSameTagsInAnyOrderAddUpInOneSeries()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var exporter = new PrometheusExporter([meterName]);
        using var meter = new Meter(meterName);
        var requests = meter.CreateCounter<long>("test.requests");

        requests.Add(1, new("endpoint", "/classify"), new("status", 200));
        requests.Add(2, new("status", 200), new("endpoint", "/classify"));
        requests.Add(4, new("endpoint", "/classify"), new("status", 503));
        requests.Add(8, new("endpoint", "/denoise"), new("status", 200));

        var lines = exporter.Render().Split('\n');
        Assert.Contains("test_requests_total{endpoint=\"/classify\",status=\"200\"} 3", lines);
        Assert.Contains("test_requests_total{endpoint=\"/classify\",status=\"503\"} 4", lines);
        Assert.Contains("test_requests_total{endpoint=\"/denoise\",status=\"200\"} 8", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("test_requests_total{", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnotherHostsMeterOfTheSameNameIsNotExported()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var ourFactory = ours.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter([meterName], ourFactory);

        ourFactory.Create(meterName).CreateCounter<long>("test.requests").Add(1);
        theirs.GetRequiredService<IMeterFactory>().Create(meterName).CreateCounter<long>("test.requests").Add(100);
        using var unscoped = new Meter(meterName); // made without a factory, as .NET's System.Runtime meter is
        unscoped.CreateCounter<long>("test.runtime").Add(7);

        var lines = exporter.Render().Split('\n');
        Assert.Contains("test_requests_total 1", lines);
        Assert.DoesNotContain("test_requests_total 100", lines);
        Assert.DoesNotContain("test_requests_total 101", lines);
        Assert.Contains("test_runtime_total 7", lines);
    }

    [Fact]
    public void AHistogramCountsEachValueInEveryBucketAtOrAboveIt()
    {
        var meterName = $"test.{Guid.NewGuid():N}";
        using var exporter = new PrometheusExporter([meterName]);
        using var meter = new Meter(meterName);
        var sizes = meter.CreateHistogram<int>("test.batch.size", "{image}");

        sizes.Record(3, new KeyValuePair<string, object?>("model", "m/1"));
        sizes.Record(20, new KeyValuePair<string, object?>("model", "m/1"));

        var lines = exporter.Render().Split('\n');
        Assert.Contains("test_batch_size_bucket{model=\"m/1\",le=\"2\"} 0", lines);
        Assert.Contains("test_batch_size_bucket{model=\"m/1\",le=\"4\"} 1", lines);
        Assert.Contains("test_batch_size_bucket{model=\"m/1\",le=\"16\"} 1", lines);
        Assert.Contains("test_batch_size_bucket{model=\"m/1\",le=\"32\"} 2", lines);
        Assert.Contains("test_batch_size_bucket{model=\"m/1\",le=\"+Inf\"} 2", lines);
        Assert.Contains("test_batch_size_sum{model=\"m/1\"} 23", lines);
        Assert.Contains("test_batch_size_count{model=\"m/1\"} 2", lines);
    }
}
