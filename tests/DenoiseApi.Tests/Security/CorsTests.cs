using System.Net;

namespace DenoiseApi.Tests.Security;

public sealed class CorsTests
{
    private const string Allowed = "https://app.example.com";

    private static Dictionary<string, string> CorsOn() => new()
    {
        ["Cors:Enabled"] = "true",
        ["Cors:AllowedOrigins:0"] = Allowed,
    };

    [Fact]
    public async Task AListedOriginPassesThePreflight()
    {
        await using var service = new EdgeService(CorsOn());
        using var client = service.CreateClient();

        using var response = await client.SendAsync(Preflight(Allowed));

        Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowedHeaders = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers"));
        Assert.Contains("x-api-key", allowedHeaders, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnswersExposeTheCorrelationIdToTheListedOrigin()
    {
        await using var service = new EdgeService(CorsOn());
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add("Origin", Allowed);

        using var response = await client.SendAsync(request);

        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Correlation-Id", string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnotherOriginGetsNoCorsHeaders()
    {
        await using var service = new EdgeService(CorsOn());
        using var client = service.CreateClient();

        using var response = await client.SendAsync(Preflight("https://evil.example.net"));

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task CorsIsOffByDefault()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add("Origin", Allowed);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnOriginWithAPathStopsTheServiceAtStart()
    {
        var settings = CorsOn();
        settings["Cors:AllowedOrigins:0"] = "https://app.example.com/path";
        await using var service = new EdgeService(settings);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => service.CreateClient());

        Assert.Contains("Cors:AllowedOrigins", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/classify");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
        return request;
    }
}
