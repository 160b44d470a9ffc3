using System.Net;
using System.Text.Json;
using DenoiseApi.Errors;
using DenoiseApi.Security;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Tests.Security;

public sealed class ApiKeyTests
{
    private static Dictionary<string, string> KeysOn(params string[] keys)
    {
        var settings = new Dictionary<string, string> { ["Auth:Enabled"] = "true" };
        for (var i = 0; i < keys.Length; i++) settings[$"Auth:Keys:{i}"] = keys[i];
        return settings;
    }

    [Fact]
    public async Task RequestWithoutKeyIsAnswered401ProblemWithChallenge()
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key));
        using var client = service.CreateClient();

        using var response = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await Json.ReadAsync(response);
        Assert.Equal(Problems.TypeOf(FailureKind.Unauthorized), problem.GetProperty("type").GetString());
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WrongKeyIsAnswered401()
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key));
        using var client = service.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyOptions.HeaderName, EdgeService.Key[..^1] + "X");

        using var response = await client.GetAsync("/models");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EveryConfiguredKeyIsAccepted()
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key, EdgeService.OtherKey));
        using var client = service.CreateClient();

        foreach (var key in new[] { EdgeService.Key, EdgeService.OtherKey })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
            request.Headers.Add(ApiKeyOptions.HeaderName, key);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/metrics")]
    [InlineData("/demo/")]
    [InlineData("/demo/app.js")]
    [InlineData("/swagger/v1/swagger.json")]
    public async Task OpenRoutesNeedNoKey(string path)
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key));
        using var client = service.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadinessAnswersWithoutKey()
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key));
        using var client = service.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        // An empty repository is not ready (503), but the answer comes from the endpoint, not from the key check.
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("not ready", (await Json.ReadAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task WrongKeysFromOneAddressGet429PastTheFailedAttemptLimitWithTheRateLimitOff()
    {
        var settings = KeysOn(EdgeService.Key);
        settings["Auth:FailedAttemptLimit"] = "3";
        await using var service = new EdgeService(settings, services: s => s.AddSingleton<IStartupFilter, PeerAddress>());
        using var client = service.CreateClient();
        const string Guesser = "198.51.100.1", Other = "198.51.100.2", Guess = "guessed-key-000000000000";

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await StatusFrom(client, Guesser, Guess));
        using (var refused = await SendFrom(client, Guesser, Guess))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
            Assert.Equal(Problems.TypeOf(FailureKind.RateLimited), (await Json.ReadAsync(refused)).GetProperty("type").GetString());
        }

        // Past the limit the address's keys are not checked at all, so the answer to a guess says nothing about it.
        Assert.Equal(HttpStatusCode.TooManyRequests, await StatusFrom(client, Guesser, EdgeService.Key));
        // A request without a key guesses nothing and is still told what it lacks.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusFrom(client, Guesser, null));
        // Other addresses are not affected.
        Assert.Equal(HttpStatusCode.OK, await StatusFrom(client, Other, EdgeService.Key));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusFrom(client, Other, Guess));
    }

    [Fact]
    public async Task WithKeysOffNothingIsAskedAndNoAuthenticationRuns()
    {
        await using var service = new EdgeService(new Dictionary<string, string>(), Repository.Models);
        using var client = await service.Factory.CreateReadyClientAsync();

        using var models = await client.GetAsync("/models");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/classify") { Content = ImageContent.Raw(MnistTestDigits.Instance.Png(0)) };
        request.Headers.Add(ApiKeyOptions.HeaderName, "not-a-key-of-this-service");
        using var classified = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        // No scheme at all: ASP.NET Core makes a lone registered scheme the default, which would authenticate every request.
        Assert.Null(service.Factory.Services.GetService<IAuthenticationSchemeProvider>());
    }

    [Fact]
    public async Task KeysComeFromAMountedSecretFileAndARotationIsPickedUp()
    {
        var file = Path.GetTempFileName();
        var clock = new ManualTimeProvider();
        try
        {
            await File.WriteAllTextAsync(file, $"# mounted secret\n\n  {EdgeService.Key}  \n");
            await using var service = new EdgeService(
                new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:KeysFile"] = file },
                services: s => s.AddSingleton<TimeProvider>(clock));
            using var client = service.CreateClient();

            Assert.Equal(HttpStatusCode.OK, await StatusWithKey(client, EdgeService.Key));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKey(client, EdgeService.OtherKey));

            await File.WriteAllTextAsync(file, EdgeService.OtherKey + "\n");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
            clock.Advance(TimeSpan.FromSeconds(6));

            Assert.Equal(HttpStatusCode.OK, await StatusWithKey(client, EdgeService.OtherKey));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithKey(client, EdgeService.Key));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task SwaggerOffersTheKeySchemeOnProtectedOperationsOnly()
    {
        await using var service = new EdgeService(KeysOn(EdgeService.Key));
        using var client = service.CreateClient();

        var document = JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(ApiKeyOptions.HeaderName, scheme.GetProperty("name").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/classify").GetProperty("post").TryGetProperty("security", out var security));
        Assert.True(security[0].TryGetProperty("ApiKey", out _));
        Assert.False(paths.GetProperty("/health/live").GetProperty("get").TryGetProperty("security", out _));
    }

    [Theory]
    [InlineData(new string[0], "no key is configured")]
    [InlineData(new[] { "short" }, "shorter than 16")]
    public async Task BadKeySettingsStopTheServiceAtStart(string[] keys, string reason)
    {
        await using var service = new EdgeService(KeysOn(keys));

        var error = Assert.Throws<OptionsValidationException>(() => service.CreateClient());

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyCheckAcceptsOnlyExactKeysAndReportsAFingerprintNotTheKey()
    {
        var store = new ApiKeyStore(
            Microsoft.Extensions.Options.Options.Create(new ApiKeyOptions { Enabled = true, Keys = [EdgeService.Key] }), TimeProvider.System);

        Assert.True(store.TryValidate(EdgeService.Key, out var id));
        Assert.StartsWith("key-", id, StringComparison.Ordinal);
        Assert.DoesNotContain(EdgeService.Key, id, StringComparison.Ordinal);
        Assert.Equal(ApiKeyStore.Fingerprint(EdgeService.Key), id);
        Assert.False(store.TryValidate(EdgeService.Key + " ", out _));
        Assert.False(store.TryValidate(EdgeService.Key[..8], out _));
        Assert.False(store.TryValidate("", out var none));
        Assert.Equal("", none);
    }

    private static async Task<HttpResponseMessage> SendFrom(HttpClient client, string peer, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add(PeerAddress.Header, peer);
        if (key is not null) request.Headers.Add(ApiKeyOptions.HeaderName, key);
        return await client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> StatusFrom(HttpClient client, string peer, string? key)
    {
        using var response = await SendFrom(client, peer, key);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> StatusWithKey(HttpClient client, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Add(ApiKeyOptions.HeaderName, key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = 1_000_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
