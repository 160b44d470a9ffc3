using System.Text.Json;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// Graceful shutdown as Kubernetes does it: SIGTERM while requests are inside the service. Every accepted request
/// must still get its complete 200 answer, new connections must be refused, and the process must exit 0.
/// </summary>
public sealed class SigtermDrainTests
{
    private static readonly string[] Routes = ["/classify", "/denoise", "/encode"];
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task RequestsInFlightAtSigtermAreAnsweredInFullAndTheProcessExitsZero()
    {
        await using var service = ServiceProcess.Start(port => ServiceProcess.EnvironmentOf("overlays/cpu", port));
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        // A batch of concurrent requests, each proven inside the service (100 Continue) with its body still to come.
        // (Kestrel's minimum body data rate allows a 5 s grace before it would time out a silent body: the batch is
        // kept small enough to open well within that.)
        var digits = Enumerable.Range(0, 18).Select(MnistDigits.TestDigit).ToList();
        var held = await Task.WhenAll(digits.Select((digit, i) =>
            HeldRequest.OpenAsync(service.Port, Routes[i % Routes.Length], "image/png", digit.Png, cancellation.Token)));
        try
        {
            service.SendSigterm();
            // Shutdown has begun while all of them are in flight: the listener is closed to new connections.
            await WaitUntilAsync(service.RefusesConnections, TimeSpan.FromSeconds(30), () => service.Output);
            Assert.False(service.HasExited, "the service exited with requests in flight");

            var answers = await Task.WhenAll(held.Select(h => h.CompleteAsync(cancellation.Token)));
            for (var i = 0; i < answers.Length; i++)
            {
                var route = Routes[i % Routes.Length];
                var answer = answers[i];
                Assert.True(answer.Status == 200, $"{route} #{i} answered {answer.Status}: {System.Text.Encoding.UTF8.GetString(answer.Body)}");
                AssertCompleteBody(route, answer);
            }
        }
        finally
        {
            foreach (var request in held) request.Dispose();
        }

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM:\n{service.Output}");
    }

    private static void AssertCompleteBody(string route, HttpAnswer answer)
    {
        switch (route)
        {
            case "/denoise":
                Assert.StartsWith("image/png", answer.Headers["Content-Type"], StringComparison.Ordinal);
                Assert.Equal(PngSignature, answer.Body.Take(PngSignature.Length));
                Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(answer.Body, answer.Body.Length - 8, 4));
                break;
            case "/classify":
                using (var json = JsonDocument.Parse(answer.Body))
                {
                    Assert.InRange(json.RootElement.GetProperty("digit").GetInt32(), 0, 9);
                    var probabilities = json.RootElement.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
                    Assert.Equal(10, probabilities.Count);
                    Assert.InRange(probabilities.Sum(), 0.999, 1.001);
                }
                break;
            case "/encode":
                using (var json = JsonDocument.Parse(answer.Body))
                    Assert.NotEmpty(json.RootElement.GetProperty("latent").EnumerateArray());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(route), route, "no body check for this route");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, Func<string> context)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (stopwatch.Elapsed > limit) throw new TimeoutException($"Condition not met within {limit}:\n{context()}");
            await Task.Delay(50);
        }
    }
}
