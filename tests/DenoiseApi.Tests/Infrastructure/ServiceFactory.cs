using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DenoiseApi.Tests.Infrastructure;

/// <summary>
/// The real service in memory (WebApplicationFactory) on a chosen model repository and settings. A start that fails
/// throws its own cause (e.g. the options-validation message), however the app's and the test's threads interleave
/// (see <see cref="HostStartGate"/>).
/// </summary>
public sealed class ServiceFactory(
    string? modelsRoot = null,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    private readonly HostStartGate _startGate = new();

    /// <summary>
    /// Runs on the test's thread after the app has built its host and before the test starts waiting for it: a test
    /// can hold the test's side back here to let the app's own thread get as far as it can first.
    /// </summary>
    internal Action<HostStartGate, IHost>? BeforeStart { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Models:Root", modelsRoot ?? Repository.Models);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
        builder.ConfigureTestServices(_startGate.HoldStartOf);
    }

    /// <summary>
    /// Builds the host (Program.cs runs on its own thread up to <c>app.Run()</c>, whose start waits at the gate), starts
    /// waiting for it, and only then lets the app's start go on: a failure can no longer dispose the app's services
    /// before the test is waiting, so it arrives as itself rather than as an <see cref="ObjectDisposedException"/>.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        try
        {
            BeforeStart?.Invoke(_startGate, host);
            // Start resolves the app's lifetime and subscribes to its start before its first await.
            var started = host.StartAsync();
            _startGate.Open();
            started.GetAwaiter().GetResult();
        }
        finally
        {
            _startGate.Open();
        }
        return host;
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
