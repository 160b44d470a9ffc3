using System.Net;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Endpoints;

[Collection(SharedService.Name)]
public sealed class OperationsTests(ServiceFixture service)
{
    private readonly HttpClient _client = service.Client;

    [Fact]
    public async Task SwaggerJsonDocumentsTheThreePostRoutesWithTheImageUpload()
    {
        using var response = await _client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await Json.ReadAsync(response)).GetProperty("paths");
        foreach (var route in new[] { "/denoise", "/encode", "/classify" })
        {
            var content = paths.GetProperty(route).GetProperty("post").GetProperty("requestBody").GetProperty("content");
            var form = content.GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("image");
            Assert.Equal("binary", form.GetProperty("format").GetString());
            Assert.True(content.TryGetProperty("image/png", out _), $"{route} does not document the raw image/png body.");
        }
        Assert.True(paths.TryGetProperty("/models", out _));
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        using var response = await _client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ModelsListsEveryLoadedModelWithItsManifestAndProvider()
    {
        using var response = await _client.GetAsync("/models");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal("1.30.0", body.GetProperty("runtimeVersion").GetString());
        var models = body.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        foreach (var (name, kind) in new[] { ("dense-dae-64", "Denoiser"), ("dense-dae-64-encoder", "Encoder"), ("mlp-classifier", "Classifier") })
        {
            var model = models[name];
            Assert.Equal("serving", model.GetProperty("state").GetString());
            Assert.Equal(kind, model.GetProperty("kind").GetString());
            Assert.Equal("Cpu", model.GetProperty("provider").GetString());
            Assert.True(model.GetProperty("isDefault").GetBoolean());
            Assert.Equal("image", model.GetProperty("inputs")[0].GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task LiveAndReadyAnswer200OnceModelsAreWarm()
    {
        using var live = await _client.GetAsync("/health/live");
        using var ready = await _client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", (await Json.ReadAsync(ready)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task MetricsCountRequestsPerRouteAndModelInPrometheusFormat()
    {
        using (await _client.PostAsync("/classify?model=mlp-classifier", ImageContent.Raw(MnistTestDigits.Instance.Png(0)))) { }
        using var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);

        var requests = await Metrics.LineAsync(_client, "http_server_request_duration_seconds_count{",
            "http_route=\"/classify\"", "model=\"mlp-classifier/", "http_response_status_code=\"200\"");
        Assert.True(Metrics.Value(requests) >= 1, requests);
        var text = await _client.GetStringAsync("/metrics");
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("denoiseapi_batch_size_bucket{", text, StringComparison.Ordinal);
        await Metrics.LineAsync(_client, "denoiseapi_inference_duration_seconds_count{", "model=\"mlp-classifier/");
        Assert.Contains("# TYPE denoiseapi_queue_depth gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsIncludeTheRuntimesGcThreadPoolAndCpuInstruments()
    {
        var before = await RuntimeValueAsync("dotnet_gc_heap_total_allocated_bytes_total");
        using (await _client.PostAsync("/classify?model=mlp-classifier", ImageContent.Raw(MnistTestDigits.Instance.Png(1)))) { }
        var after = await RuntimeValueAsync("dotnet_gc_heap_total_allocated_bytes_total");
        Assert.True(after > before, $"bytes allocated went from {before} to {after} across a request");

        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE dotnet_process_cpu_time_seconds_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text, StringComparison.Ordinal);
        // Current values the runtime publishes as up-down counters are gauges, not ever-growing totals.
        Assert.Contains("# TYPE dotnet_thread_pool_queue_length gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_thread_pool_thread_count gauge", text, StringComparison.Ordinal);
    }

    private async Task<double> RuntimeValueAsync(string name) => Metrics.Value(await Metrics.LineAsync(_client, name + "{"));

    [Fact]
    public async Task AnUnknownRouteGets404ProblemDetails()
    {
        using var response = await _client.GetAsync("/no-such-route");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
