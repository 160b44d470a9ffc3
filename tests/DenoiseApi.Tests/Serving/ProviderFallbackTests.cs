using System.Net;
using DenoiseApi.Tests.Diagnostics;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace DenoiseApi.Tests.Serving;

public sealed class ProviderFallbackTests
{
    [Fact]
    public async Task AModelAskingForCudaOnTheCpuBuildRunsOnCpuAndSaysWhyOnce()
    {
        var logs = new CapturedLogEvents();
        await using var factory = new ServiceFactory(
            settings: new Dictionary<string, string>
            {
                ["Models:Overrides:mlp-classifier:Provider"] = "Cuda",
                ["Models:Overrides:mlp-classifier:CudaDeviceId"] = "0",
                ["Models:Overrides:mlp-classifier:Sessions"] = "3",
            },
            services: s => s.AddSingleton<ILogEventSink>(logs));
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
        var warning = Assert.Single(logs.Events, e => e.MessageTemplate.Text.Contains("asked for {Requested} but runs on {Provider}", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Warning, warning.Level);
        Assert.Equal("mlp-classifier", CapturedLogEvents.Scalar(warning, "Model"));
        Assert.Equal(reason, CapturedLogEvents.Scalar(warning, "Reason"));

        using var answer = await client.PostAsync("/classify?model=mlp-classifier", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(MnistTestDigits.Instance.Labels[0], (await Json.ReadAsync(answer)).GetProperty("digit").GetInt32());
    }
}
