using DenoiseApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DenoiseApi.Tests.Serving;

/// <summary>
/// A bad setting stops the service at start with a message naming the setting. Runs in parallel with the other hosts:
/// the ObjectDisposedException these tests once saw instead of the message (1 of 3 full runs) came from the test side,
/// not the service. WebApplicationFactory's Start resolved the app's lifetime after the app's own thread had already
/// failed and disposed its services; <see cref="HostStartGate"/> now holds the app's start until the test is waiting,
/// and <see cref="AFailedStartIsReportedByItsCauseWhenTheTestStartsTheHostLate"/> forces that interleaving.
/// </summary>
public sealed class StartupValidationTests
{
    private const string BadLimit = "Limits:MaxRequestBytes";
    private const string BadLimitMessage = "Limits:MaxRequestBytes must be at least 1024";

    [Theory]
    [InlineData("Models:Defaults:Sessions", "0", "Models:Defaults:Sessions must be between 1 and 64")]
    [InlineData("Models:Overrides:mlp-classifier:Provider", "Tpu", "Models:Overrides:mlp-classifier:Provider 'Tpu' is not one of Cpu, Cuda")]
    [InlineData("Models:CleanInputPsnrDb", "-3", "Models:CleanInputPsnrDb must be 0 (off) or a positive number of dB, not -3")]
    [InlineData(BadLimit, "10", BadLimitMessage)]
    [InlineData("OnnxRuntime:LibraryPath", "/opt/onnxruntime/lib/libonnxruntime.so.1", "OnnxRuntime:LibraryPath ('/opt/onnxruntime/lib/libonnxruntime.so.1') is no longer used")]
    public async Task ABadSettingStopsStartWithAClearMessage(string key, string value, string message)
    {
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The interleaving that flaked: the test's thread comes back to the built host only after the app's own thread has
    /// gone as far into its start as it can: to the gate now; before the gate, through the failed validation to
    /// disposing its services.
    /// </summary>
    [Fact]
    public async Task AFailedStartIsReportedByItsCauseWhenTheTestStartsTheHostLate()
    {
        var appHeldAtGate = false;
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string> { [BadLimit] = "10" })
        {
            BeforeStart = (gate, host) =>
            {
                WaitUntil(() => gate.AppArrived.IsCompleted || ServicesDisposed(host), "the app's start to reach the gate or fail");
                appHeldAtGate = !ServicesDisposed(host);
            },
        };

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(BadLimitMessage, error.ToString(), StringComparison.Ordinal);
        Assert.IsNotType<ObjectDisposedException>(error);
        Assert.True(appHeldAtGate, "The app's start went past the gate and disposed its services before the test was waiting.");
    }

    private static bool ServicesDisposed(IHost host)
    {
        try
        {
            host.Services.GetService<IHostApplicationLifetime>();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Polls <paramref name="condition"/>; fails after a generous minute (a hang, not a speed check).</summary>
    private static void WaitUntil(Func<bool> condition, string what)
    {
        var giveUp = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException($"Gave up waiting for {what}.");
            Thread.Sleep(5);
        }
    }
}
