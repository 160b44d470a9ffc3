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
}
