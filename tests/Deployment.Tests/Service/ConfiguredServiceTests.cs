using System.Net;
using System.Text.Json;
using DenoiseApi.Deployment.Tests.Support;
using DenoiseApi.Deployment.Tests.Manifests;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The service started with exactly the environment each overlay's pods get: it starts, becomes ready, and every
/// path the manifests point at (probes, Prometheus scrape) answers 200 on the port the manifests use.
/// </summary>
public sealed class ConfiguredServiceTests
{
    private static readonly string[] Probes = ["readinessProbe", "startupProbe", "livenessProbe"];

    public static TheoryData<string> Overlays => ["overlays/cpu", "overlays/gpu"];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task EveryPathTheManifestsPointAtAnswersOnTheServiceStartedWithTheOverlaysConfig(string overlay)
    {
        await using var service = ServiceProcess.Start(port => ServiceProcess.EnvironmentOf(overlay, port));
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        var container = Rendered.Container(overlay);
        var paths = Probes
            .Select(p => container.StringAt($"{p}.httpGet.path"))
            .Append(Rendered.Deployment(overlay).MapAt("spec.template.metadata.annotations")["prometheus.io/path"] as string)
            .Distinct();
        foreach (var path in paths)
        {
            using var response = await client.GetAsync(new Uri(path!, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{overlay}: GET {path} answered {(int)response.StatusCode}");
        }

        var (png, _) = MnistDigits.TestDigit(1);
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new("image/png");
        using var classified = await client.PostAsync(new Uri("/classify", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, classified.StatusCode);

        // Kestrel's meters are scraped, its buffer pool's are not (recorded on every buffer rented: CPU per request).
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("kestrel_active_connections", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_memory_pool", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GpuConfigurationOnAMachineWithoutCudaServesOnCpuAndSaysWhy()
    {
        await using var service = ServiceProcess.Start(port => ServiceProcess.EnvironmentOf("overlays/gpu", port));
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("/models", UriKind.Relative)));
        var serving = models.RootElement.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("state").GetString() == "serving").ToList();
        Assert.NotEmpty(serving);
        Assert.All(serving, m =>
        {
            Assert.Equal("Cuda", m.GetProperty("requestedProvider").GetString(), StringComparer.OrdinalIgnoreCase);
            Assert.Equal("Cpu", m.GetProperty("provider").GetString(), StringComparer.OrdinalIgnoreCase);
            Assert.False(string.IsNullOrWhiteSpace(m.GetProperty("providerFallbackReason").GetString()));
        });
    }

    [Fact]
    public async Task ComposeEnvironmentStartsTheServiceWithTelemetryExportLeftOff()
    {
        await using var service = ServiceProcess.Start(port =>
        {
            var env = ComposeFile.ServiceEnvironment();
            env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            env["Models__Root"] = ServiceProcess.ModelsRoot;
            return env;
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        Assert.Contains("Telemetry__OtlpEndpoint", ComposeFile.ServiceEnvironment().Keys);
    }

    [Fact]
    public async Task RateLimitSeesEachClientBehindTheGatewayNotTheGateway()
    {
        await using var service = ServiceProcess.Start(port =>
        {
            var env = ServiceProcess.EnvironmentOf("overlays/cpu", port);
            env["RateLimiting__Enabled"] = "true";
            env["RateLimiting__TokenLimit"] = "2";
            env["RateLimiting__TokensPerPeriod"] = "1";
            env["RateLimiting__ReplenishmentPeriodSeconds"] = "3600";
            return env;
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var (png, _) = MnistDigits.TestDigit(2);

        async Task<HttpStatusCode> ClassifyAs(string clientAddress)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/classify", UriKind.Relative)) { Content = new ByteArrayContent(png) };
            request.Content.Headers.ContentType = new("image/png");
            // What the gateway appends: the address of the client it accepted the connection from.
            request.Headers.Add("X-Forwarded-For", clientAddress);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        // All requests arrive from one address (the gateway's, here loopback); the limit must still be per client.
        Assert.Equal(HttpStatusCode.OK, await ClassifyAs("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await ClassifyAs("203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ClassifyAs("203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await ClassifyAs("203.0.113.8"));
    }
}
