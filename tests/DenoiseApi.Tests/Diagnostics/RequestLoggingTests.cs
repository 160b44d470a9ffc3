using System.Net;
using DenoiseApi.Diagnostics;
using DenoiseApi.Security;
using DenoiseApi.Tests.Infrastructure;
using DenoiseApi.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace DenoiseApi.Tests.Diagnostics;

public sealed class RequestLoggingTests
{
    private static (EdgeService Service, CapturedLogEvents Logs) Start(Dictionary<string, string> settings, string? modelsRoot = null)
    {
        var logs = new CapturedLogEvents();
        var service = new EdgeService(settings, modelsRoot, s => s.AddSingleton<ILogEventSink>(logs));
        return (service, logs);
    }

    private static object? Field(LogEvent e, string name) => CapturedLogEvents.Scalar(e, name);

    [Fact]
    public async Task EachRequestIsLoggedWithStatusElapsedModelVersionBatchSizeClientAndCorrelationId()
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

        var entry = await logs.RequestEventAsync("/classify");
        Assert.Equal(LogEventLevel.Information, entry.Level);
        Assert.Equal("POST", Field(entry, "RequestMethod"));
        Assert.Equal(200, Field(entry, "StatusCode"));
        Assert.True((double)Field(entry, "Elapsed")! > 0);
        Assert.Equal(body.GetProperty("model").GetString(), Field(entry, "Model"));
        Assert.Equal(body.GetProperty("version").GetInt32(), Field(entry, "Version"));
        Assert.Equal("-", Field(entry, "Denoiser"));
        Assert.Equal(3, Field(entry, "BatchSize"));
        Assert.Equal("trace-me-42", Field(entry, CorrelationId.PropertyName));
        Assert.StartsWith("ip-", (string)Field(entry, "ClientId")!, StringComparison.Ordinal);
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
        var classifier = $"{body.GetProperty("model").GetString()}/{body.GetProperty("version").GetInt32()}";
        var denoiser = body.GetProperty("denoisedBy").GetString()!;
        Assert.NotEqual(classifier, denoiser);

        var entry = await logs.RequestEventAsync("/classify");
        Assert.Equal(body.GetProperty("model").GetString(), Field(entry, "Model"));
        Assert.Equal(denoiser, Field(entry, "Denoiser"));

        // ASP.NET Core's request histogram carries the model that answered: the classifier, not the denoiser.
        var counted = await Metrics.LineAsync(client, "http_server_request_duration_seconds_count{",
            "http_route=\"/classify\"", $"model=\"{classifier}\"", "http_response_status_code=\"200\"");
        Assert.True(Metrics.Value(counted) >= 1, counted);
        Assert.DoesNotContain(await client.GetStringAsync("/metrics"), $"model=\"{denoiser}\",network", StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedRequestsAreLoggedWithTheirStatus()
    {
        var (service, logs) = Start(new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:Keys:0"] = EdgeService.Key });
        await using var _ = service;
        using var client = service.CreateClient();

        using var response = await client.PostAsync("/denoise", ImageContent.Raw(MnistTestDigits.Instance.Png(3)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var entry = await logs.RequestEventAsync("/denoise");
        Assert.Equal(401, Field(entry, "StatusCode"));
        Assert.Equal("-", Field(entry, "Model"));
        Assert.Equal(1, Field(entry, "BatchSize"));
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
        var answered = await logs.RequestEventAsync("/denoise");
        Assert.Equal(ApiKeyStore.Fingerprint(EdgeService.Key), Field(answered, "ClientId"));
        await logs.RequestEventAsync("/classify");
        var base64 = Convert.ToBase64String(png);
        foreach (var entry in logs.Events)
        {
            using var json = new StringWriter();
            new CompactJsonFormatter().Format(entry, json);
            Assert.DoesNotContain(EdgeService.Key, json.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(base64[..24], json.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ProbesAreLoggedAtDebugOnly()
    {
        var (service, logs) = Start(new Dictionary<string, string>());
        await using var _ = service;
        using var client = service.CreateClient();

        await client.GetAsync("/health/live");
        await client.GetAsync("/models");
        await logs.RequestEventAsync("/models");

        Assert.DoesNotContain(logs.RequestsTo("/health/live"), e => e.Level > LogEventLevel.Debug);
    }

    [Fact]
    public async Task OneSettingSwitchesTheConsoleToCompactJson()
    {
        // Other tests' hosts write to the console at the same time: the writer must take them too.
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            var (service, logs) = Start(new Dictionary<string, string> { [LoggingRegistration.ConsoleFormatSetting] = "CompactJson" });
            await using var _ = service;
            using var client = service.CreateClient();
            using (await client.GetAsync("/models")) { }
            await logs.RequestEventAsync("/models");
        }
        finally
        {
            Console.SetOut(original);
        }

        var line = text.ToString().Split('\n').First(l => l.Contains("\"RequestPath\":\"/models\"", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal(LoggingRegistration.MessageTemplate, json.RootElement.GetProperty("@mt").GetString());
        Assert.Equal(200, json.RootElement.GetProperty("StatusCode").GetInt32());
    }

    [Fact]
    public async Task ACategorysLoggerIsMadeOnceAndStillWritesToTheServicesSinks()
    {
        var (service, logs) = Start(new Dictionary<string, string>());
        await using var _ = service;
        using var client = service.CreateClient();
        var factory = service.Factory.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();

        // ASP.NET Core's results ask for this logger on every answer; Serilog's factory alone makes a new one each time.
        var first = factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult");
        var second = factory.CreateLogger("Microsoft.AspNetCore.Http.Result.OkObjectResult");
        Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(first, "cached logger {Probe}", 1205);

        Assert.Same(first, second);
        Assert.NotSame(first, factory.CreateLogger("Another.Category"));
        Assert.Contains(logs.Events, e => e.MessageTemplate.Text == "cached logger {Probe}"
            && Equals(CapturedLogEvents.Scalar(e, "SourceContext"), "Microsoft.AspNetCore.Http.Result.OkObjectResult"));
    }
}
