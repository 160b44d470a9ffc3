using System.Net;
using System.Net.Sockets;
using System.Text;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Diagnostics;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task MetricsAndTracesArePushedToAConfiguredOtlpEndpoint()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var metrics = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var traces = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            // Answers every export (including the final flush at shutdown) until the listener stops.
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await collector.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                context.Response.StatusCode = 200;
                context.Response.Close();
                var text = Encoding.UTF8.GetString(body.ToArray()); // protobuf carries metric names as plain UTF-8
                var path = context.Request.Url!.AbsolutePath;
                if (path == "/v1/metrics" && text.Contains("http.server.request.duration", StringComparison.Ordinal)
                    && text.Contains("denoiseapi.batch.size", StringComparison.Ordinal))
                    metrics.TrySetResult(context.Request.ContentType);
                // The request's span (ASP.NET Core's, named after its route) and the model call's span inside it.
                if (path == "/v1/traces" && text.Contains("POST /classify", StringComparison.Ordinal)
                    && text.Contains("inference", StringComparison.Ordinal))
                    traces.TrySetResult(context.Request.ContentType);
            }
        });

        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Telemetry:OtlpEndpoint"] = $"http://127.0.0.1:{port}/v1/metrics",
            ["Telemetry:OtlpProtocol"] = "HttpProtobuf",
            ["Telemetry:OtlpExportIntervalMilliseconds"] = "200",
        });
        using var client = await factory.CreateReadyClientAsync();
        using (var response = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0))))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal("application/x-protobuf", await metrics.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("application/x-protobuf", await traces.Task.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
