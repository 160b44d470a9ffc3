using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>The real service in memory (WebApplicationFactory) on a chosen model repository and settings.</summary>
public sealed class ServiceFactory(
    string? modelsRoot = null,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Root", modelsRoot ?? Repository.Models);
        // The per-client limiter (issue 7) has its own tests; here one client sends hundreds of requests.
        builder.UseSetting("RateLimiting:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }

    /// <summary>A client, once /health/ready says every model is loaded and warmed.</summary>
    public async Task<HttpClient> CreateReadyClientAsync()
    {
        var client = CreateClient();
        await WaitUntilAsync(client, async c => (await c.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the service to be ready");
        return client;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after a generous minute (a hang, not a speed check).</summary>
    public static async Task WaitUntilAsync(HttpClient client, Func<HttpClient, Task<bool>> condition, string what)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (!await condition(client))
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"Gave up waiting for {what}.");
            await Task.Delay(50);
        }
    }
}

/// <summary>The default service on the committed models, shared by the endpoint tests.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public ServiceFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync() => Client = await Factory.CreateReadyClientAsync();

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedService : ICollectionFixture<ServiceFixture>
{
    public const string Name = "Service on the committed models";
}
