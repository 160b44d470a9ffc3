using System.Net;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Security;

/// <summary>
/// The service behind a gateway: which address a request counts as, decided by ASP.NET Core's forwarded-headers
/// middleware from the configured trusted proxies. Each request says which peer it arrives from (<see cref="PeerAddress"/>).
/// </summary>
public sealed class GatewayTests
{
    private const string PeerHeader = PeerAddress.Header;
    private const string Gateway = "10.20.0.5";

    /// <summary>A bucket of three requests, refilled one a minute; the gateway's network is trusted.</summary>
    private static EdgeService TightLimitBehindTheGateway() => new(new Dictionary<string, string>
    {
        ["RateLimiting:Enabled"] = "true",
        ["RateLimiting:TokenLimit"] = "3",
        ["RateLimiting:TokensPerPeriod"] = "1",
        ["RateLimiting:ReplenishmentPeriodSeconds"] = "60",
        ["TrustedProxies:Networks:0"] = "10.20.0.0/16",
    }, services: s => s.AddSingleton<IStartupFilter, PeerAddress>());

    private static async Task<HttpStatusCode> GetModelsAsync(HttpClient client, string peer, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add(PeerHeader, peer);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task TwoClientsBehindOneTrustedProxyGetSeparateBuckets()
    {
        await using var service = TightLimitBehindTheGateway();
        using var client = service.CreateClient();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await GetModelsAsync(client, Gateway, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await GetModelsAsync(client, Gateway, "203.0.113.7"));

        Assert.Equal(HttpStatusCode.OK, await GetModelsAsync(client, Gateway, "203.0.113.8"));
    }

    [Fact]
    public async Task AnUntrustedProxyCannotSpoofXForwardedFor()
    {
        await using var service = TightLimitBehindTheGateway();
        using var client = service.CreateClient();
        const string direct = "198.51.100.9"; // reaches the pod without the gateway

        // A new forged client address every time: still one caller, one bucket.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add(await GetModelsAsync(client, direct, $"203.0.113.{i + 1}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses[..3]);
        Assert.All(statuses[3..], s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task ThreeHundredSequentialRequestsFromOneClientGetNo429WithDefaults()
    {
        await using var service = new EdgeService(new Dictionary<string, string>(), Repository.Models);
        using var client = await service.Factory.CreateReadyClientAsync();
        var png = MnistTestDigits.Instance.Png(7);

        var tooMany = 0;
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.PostAsync("/classify", ImageContent.Raw(png));
            if (response.StatusCode == HttpStatusCode.TooManyRequests) tooMany++;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, tooMany);
    }

    [Fact]
    public async Task SwaggerUiFindsItsDocumentUnderAGatewayPrefix()
    {
        await using var service = TightLimitBehindTheGateway();
        using var client = service.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/index.js");
        request.Headers.Add(PeerHeader, Gateway);
        request.Headers.Add("X-Forwarded-Prefix", "/denoise-api");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"v1/swagger.json\"", script, StringComparison.Ordinal);
    }
}
