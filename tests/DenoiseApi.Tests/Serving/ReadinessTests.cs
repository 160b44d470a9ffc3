using System.Net;
using DenoiseApi.Inference;
using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DenoiseApi.Tests.Serving;

public sealed class ReadinessTests
{
    /// <summary>The real warm-up, held back until the test opens the gate.</summary>
    private sealed class GatedWarmUp(IModelWarmUp inner) : IModelWarmUp
    {
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task WarmUpAsync(string model, SessionPool pool, ModelContract contract, int maxBatchSize, CancellationToken cancellationToken)
        {
            await Gate.Task.WaitAsync(cancellationToken);
            await inner.WarmUpAsync(model, pool, contract, maxBatchSize, cancellationToken);
        }
    }

    [Fact]
    public async Task ReadinessIsFalseUntilWarmUpEndsWhileLivenessIsTrue()
    {
        var warmUp = new GatedWarmUp(new SessionWarmUp());
        await using var factory = new ServiceFactory(services: s => s.AddSingleton<IModelWarmUp>(warmUp));
        using var client = factory.CreateClient();

        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(ready.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Equal("not ready", (await Json.ReadAsync(ready)).GetProperty("status").GetString());
        }
        using (var models = await client.GetAsync("/models"))
        {
            var body = await Json.ReadAsync(models);
            Assert.False(body.GetProperty("ready").GetBoolean());
            Assert.NotEmpty(body.GetProperty("problems").EnumerateArray());
        }
        using (var live = await client.GetAsync("/health/live")) Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using (var early = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
            Assert.True(early.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Equal("urn:denoiseapi:problem:not-ready", (await Json.ReadAsync(early)).GetProperty("type").GetString());
        }

        warmUp.Gate.SetResult();
        await ServiceFactory.WaitUntilAsync(client, async c => (await c.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, "readiness after warm-up");
        using var late = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
    }

    [Fact]
    public async Task TheOpenProbeSaysOnlyNotReadyWhileKeyHoldersAreToldWhyWithThePaths()
    {
        using var models = Repository.CopyOf("dense-dae-64", "dense-dae-64-encoder", "mlp-classifier");
        var version = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 1);
        // The manifest names an ONNX file that is not there: the load error says where it looked.
        File.Delete(Path.Combine(version, ManifestJson.Read(Path.Combine(version, ManifestJson.FileName)).File));
        var settings = Repository.WithDenseDefaults(new Dictionary<string, string> { ["Auth:Enabled"] = "true", ["Auth:Keys:0"] = Security.EdgeService.Key });
        await using var factory = new ServiceFactory(models.Path, settings);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(DenoiseApi.Security.ApiKeyOptions.HeaderName, Security.EdgeService.Key);
        await ServiceFactory.WaitUntilAsync(client, async c => (await Json.ReadAsync(await c.GetAsync("/models"))).GetProperty("models")
            .EnumerateArray().Any(m => m.GetProperty("state").GetString() == "failed"), "the broken model to fail");

        using var anonymous = factory.CreateClient();
        using var probe = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, probe.StatusCode);
        var text = await probe.Content.ReadAsStringAsync();
        var property = Assert.Single((await Json.ReadAsync(probe)).EnumerateObject());
        Assert.Equal(("status", "not ready"), (property.Name, property.Value.GetString()));
        Assert.DoesNotContain(models.Path, text, StringComparison.Ordinal);
        using (var refused = await anonymous.GetAsync("/models")) Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var listing = await Json.ReadAsync(await client.GetAsync("/models"));
        var problems = listing.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("mlp-classifier", StringComparison.Ordinal) && p.Contains(models.Path, StringComparison.Ordinal));
        var failed = listing.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "mlp-classifier");
        Assert.Contains(models.Path, failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}
