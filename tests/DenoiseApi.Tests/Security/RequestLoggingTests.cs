using System.Net;
using DenoiseApi.Security;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DenoiseApi.Tests.Security;

public sealed class RequestLoggingTests
{
    private const int AnsweredEventId = 100;

    private static (EdgeService Service, CapturingLoggerProvider Logs) Start(Dictionary<string, string> settings, string? modelsRoot = null)
    {
        var logs = new CapturingLoggerProvider();
        var service = new EdgeService(settings, modelsRoot, s => s.AddSingleton<ILoggerProvider>(logs));
        return (service, logs);
    }

    [Fact]
    public async Task EachRequestIsLoggedWithStatusDurationModelBatchSizeAndCorrelationId()
    {
        var (service, logs) = Start(new Dictionary<string, string>(), Repository.Models);
        await using var _ = service;
        using var client = await service.Factory.CreateReadyClientAsync();
        var digits = MnistTestDigits.Instance;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/classify")
        {
            Content = ImageContent.Multipart([digits.Png(0), digits.Png(1), digits.Png(2)]),
        };
        request.Headers.Add(CorrelationId.HeaderName, "trace-me-42");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);

        var entry = Assert.Single(logs.Events, e => e.EventId.Id == AnsweredEventId && Equals(e.Fields["Path"], "/classify"));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("POST", entry.Fields["Method"]);
        Assert.Equal(200, entry.Fields["StatusCode"]);
        Assert.True((double)entry.Fields["DurationMs"]! > 0);
        Assert.Equal(LabelOf(body), entry.Fields["Model"]);
        Assert.Equal("-", entry.Fields["Denoiser"]);
        Assert.Equal(3, entry.Fields["BatchSize"]);
        Assert.Equal("trace-me-42", entry.ScopeFields["CorrelationId"]);
    }

    [Fact]
    public async Task ClassifyLogLineNamesTheClassifierAndTheDenoiserBeforeItAndMetricsCountTheClassifier()
    {
        var (service, logs) = Start(new Dictionary<string, string>(), Repository.Models);
        await using var _ = service;
        using var client = await service.Factory.CreateReadyClientAsync();

        using var response = await client.PostAsync("/classify?denoise=true", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var classifier = LabelOf(body);
        var denoiser = body.GetProperty("denoisedBy").GetString()!;
        Assert.NotEqual(classifier, denoiser);

        var entry = Assert.Single(logs.Events, e => e.EventId.Id == AnsweredEventId && Equals(e.Fields["Path"], "/classify"));
        Assert.Equal(classifier, entry.Fields["Model"]);
        Assert.Equal(denoiser, entry.Fields["Denoiser"]);

        // Request metrics are recorded once the response has completed, which may be just after the client has it.
        var counted = $"denoiseapi_requests_total{{endpoint=\"/classify\",model=\"{classifier}\",status=\"200\"}} 1";
        var metrics = await MetricsContainingAsync(client, counted);
        Assert.Contains(counted, metrics.Split('\n'));
        Assert.Single(metrics.Split('\n'), l => l.StartsWith("denoiseapi_requests_total{endpoint=\"/classify\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FailedRequestsAreLoggedWithTheirStatus()
    {
        var (service, logs) = Start(new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:Keys:0"] = EdgeService.Key });
        await using var _ = service;
        using var client = service.CreateClient();

        using var response = await client.PostAsync("/denoise", ImageContent.Raw(MnistTestDigits.Instance.Png(3)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = Assert.Single(logs.Events, e => e.EventId.Id == AnsweredEventId && Equals(e.Fields["Path"], "/denoise"));
        Assert.Equal(401, entry.Fields["StatusCode"]);
        Assert.Equal("-", entry.Fields["Model"]);
        Assert.Equal(1, entry.Fields["BatchSize"]);
    }

    [Fact]
    public async Task LogsNeverCarryKeysOrImageBytes()
    {
        var (service, logs) = Start(
            new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:Keys:0"] = EdgeService.Key }, Repository.Models);
        await using var _ = service;
        using var client = await service.Factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add(ApiKeyOptions.HeaderName, EdgeService.Key);
        var png = MnistTestDigits.Instance.Png(5);

        using var response = await client.PostAsync("/denoise", ImageContent.Raw(png));
        using var bad = await client.PostAsync("/classify", ImageContent.Raw([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answered = Assert.Single(logs.Events, e => e.EventId.Id == AnsweredEventId && Equals(e.Fields["Path"], "/denoise"));
        Assert.Equal(ApiKeyStore.Fingerprint(EdgeService.Key), answered.Fields["Client"]);
        var base64 = Convert.ToBase64String(png);
        foreach (var entry in logs.Events)
        {
            var values = entry.Fields.Values.Concat(entry.ScopeFields.Values).Select(v => v switch
            {
                byte[] bytes => Convert.ToBase64String(bytes),
                null => "",
                _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            }).Append(entry.Message);
            foreach (var text in values)
            {
                Assert.DoesNotContain(EdgeService.Key, text, StringComparison.Ordinal);
                Assert.DoesNotContain(base64[..24], text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ProbesAreLoggedAtDebugOnly()
    {
        var (service, logs) = Start(new Dictionary<string, string>());
        await using var _ = service;
        using var client = service.CreateClient();

        await client.GetAsync("/health/live");

        Assert.DoesNotContain(logs.Events, e => e.EventId.Id == AnsweredEventId && Equals(e.Fields["Path"], "/health/live"));
    }

    /// <summary>"name/version" of the model a /classify answer names.</summary>
    private static string LabelOf(System.Text.Json.JsonElement body) =>
        $"{body.GetProperty("model").GetString()}/{body.GetProperty("version").GetInt32()}";

    /// <summary>The /metrics text once it holds <paramref name="line"/>, or after 10 s whatever it holds.</summary>
    private static async Task<string> MetricsContainingAsync(HttpClient client, string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await client.GetStringAsync("/metrics");
            if (text.Split('\n').Contains(line) || DateTime.UtcNow > deadline) return text;
            await Task.Delay(50);
        }
    }
}
