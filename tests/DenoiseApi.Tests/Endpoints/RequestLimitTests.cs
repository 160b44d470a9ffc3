using System.Net;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Endpoints;

public sealed class RequestLimitTests
{
    [Fact]
    public async Task BodiesAndImageCountsOverTheLimitsGet413AndSmallerOnesStillPass()
    {
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Limits:MaxRequestBytes"] = "4096",
            ["Limits:MaxImagesPerRequest"] = "3",
        });
        using var client = await factory.CreateReadyClientAsync();
        var png = MnistTestDigits.Instance.Png(0);

        var padded = new byte[8192];
        png.CopyTo(padded, 0);
        using (var big = await client.PostAsync("/classify", ImageContent.Raw(padded)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
            Assert.Equal("urn:denoiseapi:problem:too-large", (await Json.ReadAsync(big)).GetProperty("type").GetString());
        }
        using (var many = await client.PostAsync("/classify", ImageContent.Multipart([png, png, png, png])))
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);
        using (var three = await client.PostAsync("/classify", ImageContent.Multipart([png, png, png])))
            Assert.Equal(HttpStatusCode.OK, three.StatusCode);
    }

    [Fact]
    public async Task ThePixelBudgetCountsEveryImageOfARequestTogether()
    {
        // 28x28 digits are 784 pixels each: two fit a budget of 2,000, three do not, however small each one is.
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string> { ["Limits:MaxPixels"] = "2000" });
        using var client = await factory.CreateReadyClientAsync();
        var png = MnistTestDigits.Instance.Png(0);

        using (var two = await client.PostAsync("/classify", ImageContent.Multipart([png, png])))
            Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        using var three = await client.PostAsync("/classify", ImageContent.Multipart([png, png, png]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, three.StatusCode);
        var problem = await Json.ReadAsync(three);
        Assert.Equal("urn:denoiseapi:problem:too-large", problem.GetProperty("type").GetString());
        Assert.Contains("2352 pixels together", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
