using System.Net;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Demo;

/// <summary>
/// The real service on a real socket (Kestrel on a free loopback port), as a browser needs: the same app and
/// settings as the in-memory tests, on the committed models (or DENOISEAPI_TEST_MODELS).
/// </summary>
public sealed class KestrelService : IDisposable
{
    private readonly ServiceFactory _factory;

    public KestrelService(IReadOnlyDictionary<string, string>? settings = null)
    {
        _factory = new ServiceFactory(Repository.Models, settings);
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    /// <summary>e.g. http://127.0.0.1:40123</summary>
    public Uri BaseAddress { get; }

    /// <summary>Waits (through the socket) until every model is loaded and warmed.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        await ServiceFactory.WaitUntilAsync(client, async c => (await c.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the service to be ready");
    }

    public void Dispose() => _factory.Dispose();
}
