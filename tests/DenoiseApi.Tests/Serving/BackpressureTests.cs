using System.Net;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Serving;

public sealed class BackpressureTests
{
    [Fact]
    public async Task AFullQueueAnswers503WithRetryAfterAndTheServiceRecovers()
    {
        // One session, batches of one, room for one waiting image: a request with 64 images overflows the queue
        // as soon as the images arrive faster than one model run.
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Models:Overrides:mlp-classifier:Sessions"] = "1",
            ["Models:Overrides:mlp-classifier:MaxBatchSize"] = "1",
            ["Models:Overrides:mlp-classifier:QueueCapacity"] = "1",
        });
        using var client = await factory.CreateReadyClientAsync();
        var images = Enumerable.Range(0, 64).Select(MnistTestDigits.Instance.Png).ToList();

        using var response = await client.PostAsync("/classify?model=mlp-classifier", ImageContent.Multipart(images));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
        Assert.Equal("urn:denoiseapi:problem:overloaded", (await Json.ReadAsync(response)).GetProperty("type").GetString());

        await Metrics.LineAsync(client, "denoiseapi_requests_refused_total{", "reason=\"queue_full\"", "model=\"mlp-classifier/1\"");
        using var next = await client.PostAsync("/classify?model=mlp-classifier", ImageContent.Raw(images[0]));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task ARequestPastItsDeadlineAnswers503AndTheServiceRecovers()
    {
        // A 1 ms deadline for 256 images run one at a time on one session: queueing alone takes longer.
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Limits:RequestDeadlineMilliseconds"] = "1",
            ["Limits:MaxImagesPerRequest"] = "256",
            ["Models:Overrides:dense-dae-64:Sessions"] = "1",
            ["Models:Overrides:dense-dae-64:MaxBatchSize"] = "1",
        });
        using var client = await factory.CreateReadyClientAsync();
        var images = Enumerable.Range(0, 256).Select(MnistTestDigits.Instance.Png).ToList();

        using var response = await client.PostAsync("/denoise?model=dense-dae-64", ImageContent.Multipart(images));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
        Assert.Equal("urn:denoiseapi:problem:deadline-exceeded", (await Json.ReadAsync(response)).GetProperty("type").GetString());

        using var models = await client.GetAsync("/models");
        var denoiser = (await Json.ReadAsync(models)).GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "dense-dae-64");
        await ServiceFactory.WaitUntilAsync(client, async c =>
        {
            using var m = await c.GetAsync("/models");
            return (await Json.ReadAsync(m)).GetProperty("models").EnumerateArray()
                .Single(x => x.GetProperty("name").GetString() == "dense-dae-64").GetProperty("queueDepth").GetInt32() == 0;
        }, "the abandoned images to leave the queue");
        Assert.Equal("serving", denoiser.GetProperty("state").GetString());
    }

    [Fact]
    public async Task ConcurrentRequestsEachGetTheirOwnAnswer()
    {
        await using var factory = new ServiceFactory(settings: new Dictionary<string, string>
        {
            ["Models:Overrides:mlp-classifier:MaxBatchSize"] = "16",
            ["Models:Overrides:mlp-classifier:MaxQueueDelayMicroseconds"] = "2000",
        });
        using var client = await factory.CreateReadyClientAsync();
        var digits = MnistTestDigits.Instance;

        var alone = new List<float[]>();
        for (var i = 0; i < 48; i++)
        {
            using var single = await client.PostAsync("/classify", ImageContent.Raw(digits.Png(i)));
            alone.Add(Json.Floats((await Json.ReadAsync(single)).GetProperty("probabilities")));
        }
        var together = await Task.WhenAll(Enumerable.Range(0, 48).Select(async i =>
        {
            using var response = await client.PostAsync("/classify", ImageContent.Raw(digits.Png(i)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Json.Floats((await Json.ReadAsync(response)).GetProperty("probabilities"));
        }));

        for (var i = 0; i < 48; i++)
        {
            for (var c = 0; c < 10; c++) Assert.Equal(alone[i][c], together[i][c], 1e-5f);
        }
    }
}
