using System.Net;
using DenoiseApi.Errors;
using DenoiseApi.Security;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Security;

public sealed class RateLimitTests
{
    /// <summary>A bucket of three requests that refills one token a minute: the fourth request within the test is refused.</summary>
    private static Dictionary<string, string> TightLimit(bool keys = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["RateLimiting:Enabled"] = "true",
            ["RateLimiting:TokenLimit"] = "3",
            ["RateLimiting:TokensPerPeriod"] = "1",
            ["RateLimiting:ReplenishmentPeriodSeconds"] = "60",
        };
        if (keys)
        {
            settings["Auth:Enabled"] = "true";
            settings["Auth:Keys:0"] = EdgeService.Key;
            settings["Auth:Keys:1"] = EdgeService.OtherKey;
        }
        return settings;
    }

    [Fact]
    public async Task OverTheLimitIsAnswered429ProblemWithRetryAfter()
    {
        await using var service = new EdgeService(TightLimit());
        using var client = service.CreateClient();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);
        using var refused = await client.GetAsync("/models");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        var problem = await Json.ReadAsync(refused);
        Assert.Equal(Problems.TypeOf(FailureKind.RateLimited), problem.GetProperty("type").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RefusalsAreCountedInTheMetrics()
    {
        await using var service = new EdgeService(TightLimit(keys: true));
        using var client = service.CreateClient();

        await client.GetAsync("/models");
        for (var i = 0; i < 5; i++) await Status(client, EdgeService.Key);

        // Other tests' hosts in this process count on the same meter name: at least this host's refusals are there.
        Assert.True(Metrics.Value(await Metrics.LineAsync(client, "denoiseapi_requests_refused_total{", "reason=\"unauthorized\"")) >= 1);
        Assert.True(Metrics.Value(await Metrics.LineAsync(client, "denoiseapi_requests_refused_total{", "reason=\"rate_limited\"")) >= 2);
    }

    [Fact]
    public async Task ProbesAndScrapesAreNeverLimited()
    {
        await using var service = new EdgeService(TightLimit());
        using var client = service.CreateClient();

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);
    }

    [Fact]
    public async Task EachApiKeyHasItsOwnBucket()
    {
        await using var service = new EdgeService(TightLimit(keys: true));
        using var client = service.CreateClient();

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, await Status(client, EdgeService.Key));
        Assert.Equal(HttpStatusCode.TooManyRequests, await Status(client, EdgeService.Key));

        Assert.Equal(HttpStatusCode.OK, await Status(client, EdgeService.OtherKey));
    }

    [Fact]
    public async Task WrongKeysUseUpTheSendersBucket()
    {
        await using var service = new EdgeService(TightLimit(keys: true));
        using var client = service.CreateClient();
        const string Guess = "guessed-key-000000000000";

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await Status(client, Guess));
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/models"))
        {
            request.Headers.Add(ApiKeyOptions.HeaderName, Guess);
            using var refused = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(Problems.TypeOf(FailureKind.RateLimited), (await Json.ReadAsync(refused)).GetProperty("type").GetString());
        }

        // A key holder counts as its key, not as the address the guesses came from.
        Assert.Equal(HttpStatusCode.OK, await Status(client, EdgeService.Key));
    }

    [Fact]
    public async Task WithTheLimiterOffNothingIsRefused()
    {
        var settings = TightLimit();
        settings["RateLimiting:Enabled"] = "false";
        await using var service = new EdgeService(settings);
        using var client = service.CreateClient();

        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/models")).StatusCode);
    }

    [Fact]
    public async Task ABadLimitStopsTheServiceAtStart()
    {
        var settings = TightLimit();
        settings["RateLimiting:TokenLimit"] = "0";
        await using var service = new EdgeService(settings);

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => service.CreateClient());

        Assert.Contains("RateLimiting:TokenLimit", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> Status(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add(ApiKeyOptions.HeaderName, key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
