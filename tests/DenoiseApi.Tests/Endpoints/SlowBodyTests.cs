using System.Net;
using System.Net.Sockets;
using System.Text;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Endpoints;

/// <summary>Through real Kestrel (not the in-memory test server), which is what enforces the minimum body data rate.</summary>
public sealed class SlowBodyTests
{
    [Fact]
    public async Task ABodyThatTricklesBelowTheMinimumRateGets408NotMalformedImage()
    {
        await using var factory = new ServiceFactory();
        factory.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1000, gracePeriod: TimeSpan.FromSeconds(2));
        });
        factory.StartServer();
        using (var ready = factory.CreateClient())
            await ServiceFactory.WaitUntilAsync(ready, async c => (await c.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "the service to be ready");
        var address = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n\r\n"));
        var png = MnistTestDigits.Instance.Png(0);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        Task<int> reading = stream.ReadAsync(buffer).AsTask();
        for (var i = 0; i < 60 && !reading.IsCompleted; i++)
        {
            await stream.WriteAsync(png.AsMemory(i, 1)); // one byte every 200 ms: 5 bytes/s
            await Task.WhenAny(reading, Task.Delay(200));
        }

        var read = await reading.WaitAsync(TimeSpan.FromSeconds(30));
        answer.Append(Encoding.UTF8.GetString(buffer, 0, read));
        var text = answer.ToString();
        Assert.StartsWith("HTTP/1.1 408", text, StringComparison.Ordinal);
        Assert.DoesNotContain("malformed", text, StringComparison.OrdinalIgnoreCase);
    }
}
