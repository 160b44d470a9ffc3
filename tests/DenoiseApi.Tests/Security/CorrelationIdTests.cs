using System.Net;
using DenoiseApi.Security;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Security;

public sealed class CorrelationIdTests
{
    [Fact]
    public async Task ACallersCorrelationIdIsEchoed()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add(CorrelationId.HeaderName, "order-7f3a.retry:2");

        using var response = await client.SendAsync(request);

        Assert.Equal("order-7f3a.retry:2", Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces and ünïcode")]
    [InlineData("x-0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task AMissingOrUnsafeIdIsReplacedByANewOne(string? presented)
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        if (presented is not null) request.Headers.TryAddWithoutValidation(CorrelationId.HeaderName, presented);

        using var response = await client.SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName));
        Assert.NotEqual(presented, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task RefusalsCarryTheIdToo()
    {
        await using var service = new EdgeService(new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:Keys:0"] = EdgeService.Key });
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/encode") { Content = ImageContent.Raw(MnistTestDigits.Instance.Png(1)) };
        request.Headers.Add(CorrelationId.HeaderName, "refused-1");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("refused-1", Assert.Single(response.Headers.GetValues(CorrelationId.HeaderName)));
        Assert.Equal("refused-1", (await Json.ReadAsync(response)).GetProperty(CorrelationIdMiddleware.ProblemExtension).GetString());
    }

    [Fact]
    public async Task EndpointProblemsQuoteTheIdInTheirBody()
    {
        await using var service = new EdgeService(new Dictionary<string, string>());
        using var client = service.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/noise?type=speckle") { Content = ImageContent.Raw(MnistTestDigits.Instance.Png(1)) };
        request.Headers.Add(CorrelationId.HeaderName, "bad-query-9");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad-query-9", (await Json.ReadAsync(response)).GetProperty(CorrelationIdMiddleware.ProblemExtension).GetString());
    }
}
