using System.Net;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Serving;

public sealed class ProviderFallbackTests
{
    [Fact]
    public async Task AModelAskingForCudaOnACpuOnlyRuntimeRunsOnCpuAndSaysWhy()
    {
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Models:Overrides:mlp-classifier:Provider"] = "Cuda",
            ["Models:Overrides:mlp-classifier:CudaDeviceId"] = "0",
        });
        using var client = await factory.CreateReadyClientAsync();

        using var models = await client.GetAsync("/models");
        var classifier = (await Json.ReadAsync(models)).GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "mlp-classifier");
        Assert.Equal("Cuda", classifier.GetProperty("requestedProvider").GetString());
        Assert.Equal("Cpu", classifier.GetProperty("provider").GetString());
        Assert.False(string.IsNullOrWhiteSpace(classifier.GetProperty("providerFallbackReason").GetString()));

        // A fallback is not a readiness problem: the open probe says ready (and nothing more).
        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        using var answer = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
