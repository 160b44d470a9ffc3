using System.Net;
using DenoiseApi.Inference;
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
            var body = await Json.ReadAsync(ready);
            Assert.Equal("not ready", body.GetProperty("status").GetString());
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
}
