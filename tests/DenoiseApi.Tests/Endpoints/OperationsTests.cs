using System.Net;
using System.Text.Json;
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
    public async Task OpenApiShowsQueryTypesAndEnumsAnswerContentTypesAndProblemStatuses()
    {
        var paths = (await Json.ReadAsync(await _client.GetAsync("/swagger/v1/swagger.json"))).GetProperty("paths");
        JsonElement Query(string route, string name) => paths.GetProperty(route).GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == "query").GetProperty("schema");
        static string[] Enum(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!)];
        static (string?, string?) Type(JsonElement schema) =>
            (schema.GetProperty("type").GetString(), schema.TryGetProperty("format", out var format) ? format.GetString() : null);

        foreach (var route in new[] { "/denoise", "/encode", "/classify", "/noise" })
        {
            Assert.Equal(["auto", "true", "false"], Enum(Query(route, "invert")));
            Assert.Equal(["auto", "mnist", "stretch"], Enum(Query(route, "fit")));
        }
        foreach (var route in new[] { "/denoise", "/noise" }) Assert.Equal(["model", "28", "input"], Enum(Query(route, "size")));
        foreach (var route in new[] { "/denoise", "/encode", "/classify" }) Assert.Equal(("integer", "int32"), Type(Query(route, "version")));
        Assert.Equal(("integer", "int32"), Type(Query("/classify", "denoiserVersion")));
        Assert.Equal(["false", "0", "true", "1"], Enum(Query("/classify", "denoise")));
        Assert.Equal(["none", "gaussian", "uniform", "salt-pepper", "mask", "blind"], Enum(Query("/noise", "type")));
        Assert.Equal(("integer", "int64"), Type(Query("/noise", "seed")));
        Assert.Equal(("number", "double"), Type(Query("/noise", "level")));

        JsonElement Ok(string route) => paths.GetProperty(route).GetProperty("post").GetProperty("responses").GetProperty("200");
        static string Ref(JsonElement schema) => schema.GetProperty("$ref").GetString()!;
        foreach (var (route, batch) in new[] { ("/denoise", "DenoiseBatchResponse"), ("/noise", "NoiseBatchResponse") })
        {
            var content = Ok(route).GetProperty("content");
            Assert.Equal("binary", content.GetProperty("image/png").GetProperty("schema").GetProperty("format").GetString());
            Assert.EndsWith("/" + batch, Ref(content.GetProperty("application/json").GetProperty("schema")), StringComparison.Ordinal);
        }
        foreach (var (route, one, batch) in new[] { ("/encode", "EncodeResponse", "EncodeBatchResponse"), ("/classify", "ClassifyResponse", "ClassifyBatchResponse") })
        {
            var content = Ok(route).GetProperty("content");
            Assert.False(content.TryGetProperty("image/png", out _), $"{route} documents a PNG answer");
            var shapes = content.GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").EnumerateArray().Select(Ref).ToList();
            Assert.Equal(["#/components/schemas/" + one, "#/components/schemas/" + batch], shapes);
        }
        Assert.True(Ok("/denoise").GetProperty("headers").TryGetProperty("X-Model-Version", out _));

        foreach (var route in new[] { "/denoise", "/encode", "/classify" })
        {
            var responses = paths.GetProperty(route).GetProperty("post").GetProperty("responses");
            foreach (var status in new[] { "400", "404", "408", "413", "415", "422", "429", "500", "503" })
                Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {status}");
        }
        var metrics = paths.GetProperty("/metrics").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(metrics.TryGetProperty("text/plain", out _));
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
        Assert.Equal("1.32.0", body.GetProperty("runtimeVersion").GetString());
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
