using System.Net;
using DenoiseApi.Tests.Infrastructure;
using DenoiseApi.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DenoiseApi.Tests.Serving;

public sealed class ProviderFallbackTests
{
    private const int ProviderFallbackEventId = 12;

    [Fact]
    public async Task AModelAskingForCudaOnTheCpuBuildRunsOnCpuAndSaysWhyOnce()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new ServiceFactory(
            settings: new Dictionary<string, string>
            {
                ["Models:Overrides:mlp-classifier:Provider"] = "Cuda",
                ["Models:Overrides:mlp-classifier:CudaDeviceId"] = "0",
                ["Models:Overrides:mlp-classifier:Sessions"] = "3",
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = await factory.CreateReadyClientAsync();

        using var models = await client.GetAsync("/models");
        var listing = await Json.ReadAsync(models);
        Assert.Equal("Microsoft.ML.OnnxRuntime", listing.GetProperty("runtimeLibrary").GetString()); // the CPU build's package
        var classifier = listing.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "mlp-classifier");
        Assert.Equal("Cuda", classifier.GetProperty("requestedProvider").GetString());
        Assert.Equal("Cpu", classifier.GetProperty("provider").GetString());
        var reason = classifier.GetProperty("providerFallbackReason").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Contains("CUDA", reason, StringComparison.OrdinalIgnoreCase); // ONNX Runtime names the provider it lacks

        // A fallback is not a readiness problem: the open probe says ready (and nothing more).
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // One warning for the model (not one per session), carrying the same reason; the models left on Cpu say nothing.
        var warning = Assert.Single(logs.Events, e => e.EventId.Id == ProviderFallbackEventId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("mlp-classifier", warning.Fields["Model"]);
        Assert.Equal(reason, warning.Fields["Reason"]);

        using var answer = await client.PostAsync("/classify?model=mlp-classifier", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(MnistTestDigits.Instance.Labels[0], (await Json.ReadAsync(answer)).GetProperty("digit").GetInt32());
    }
}
