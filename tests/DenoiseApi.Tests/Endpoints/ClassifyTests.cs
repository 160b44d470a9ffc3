using System.Net;
using DenoiseApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DenoiseApi.Tests.Endpoints;

[Collection(SharedService.Name)]
public sealed class ClassifyTests(ServiceFixture service, ITestOutputHelper output)
{
    private readonly HttpClient _client = service.Client;
    private readonly MnistTestDigits _digits = MnistTestDigits.Instance;

    [Fact]
    public async Task ClassifyIsCorrectOnAtLeast97PercentOf200CleanTestDigits()
    {
        var correct = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await _client.PostAsync("/classify", ImageContent.Multipart(_digits.Png(i)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await Json.ReadAsync(response);
            var probabilities = Json.Floats(body.GetProperty("probabilities"));
            Assert.Equal(10, probabilities.Length);
            Assert.InRange(probabilities.Sum(), 0.99f, 1.01f);
            Assert.Equal(Array.IndexOf(probabilities, probabilities.Max()), body.GetProperty("digit").GetInt32());
            if (body.GetProperty("digit").GetInt32() == _digits.Labels[i]) correct++;
        }
        output.WriteLine($"/classify: {correct} of 200 clean MNIST test digits correct");
        Assert.True(correct >= 194, $"{correct} of 200 clean test digits classified correctly; at least 194 (97%) expected.");
    }

    [Theory]
    [InlineData("model=mlp-classifier", "dense-dae-64/")]
    [InlineData("model=conv-classifier", "conv-dae-uniform/")]
    [InlineData("model=conv-classifier&denoiser=conv-dae", "conv-dae/")]
    public async Task ClassifyWithDenoiseRunsTheClassifiersOwnDenoiserFirstUnlessOneIsNamed(string query, string denoisedBy)
    {
        // Without ?denoiser= the pipeline uses the denoiser the classifier was trained with (its manifest's family).
        var noisy = TestNoise.Gaussian(_digits.Images[0], 0.5f, new Random(7));
        using var response = await _client.PostAsync($"/classify?denoise=true&{query}", ImageContent.Raw(Imaging.PngEncoder.EncodeGray8(noisy, 28, 28)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.StartsWith(denoisedBy, body.GetProperty("denoisedBy").GetString());
    }

    [Fact]
    public async Task ClassifyWithoutDenoiseRunsNoDenoiser()
    {
        using var response = await _client.PostAsync("/classify?model=conv-classifier", ImageContent.Raw(_digits.Png(0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("conv-classifier", body.GetProperty("model").GetString());
        Assert.False(body.TryGetProperty("denoisedBy", out var denoisedBy) && denoisedBy.ValueKind != System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task MultipartAndRawBodyGiveTheSameAnswer()
    {
        var png = _digits.Png(3);
        using var multipart = await _client.PostAsync("/classify", ImageContent.Multipart(png));
        using var raw = await _client.PostAsync("/classify", ImageContent.Raw(png));
        Assert.Equal(HttpStatusCode.OK, multipart.StatusCode);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal(Json.Floats((await Json.ReadAsync(multipart)).GetProperty("probabilities")),
            Json.Floats((await Json.ReadAsync(raw)).GetProperty("probabilities")));
    }

    [Fact]
    public async Task SeveralImagesInOneRequestAreAnsweredInOrder()
    {
        int[] indices = [0, 1, 2, 3, 4, 5, 6, 7];
        using var response = await _client.PostAsync("/classify", ImageContent.Multipart(indices.Select(_digits.Png)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await Json.ReadAsync(response)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(indices.Length, results.Count);
        for (var k = 0; k < indices.Length; k++)
        {
            // Each batch answer equals the answer for that image alone.
            using var single = await _client.PostAsync("/classify", ImageContent.Raw(_digits.Png(indices[k])));
            var alone = Json.Floats((await Json.ReadAsync(single)).GetProperty("probabilities"));
            var inBatch = Json.Floats(results[k].GetProperty("probabilities"));
            Assert.Equal(alone.Length, inBatch.Length);
            for (var c = 0; c < alone.Length; c++) Assert.Equal(alone[c], inBatch[c], 1e-5f);
        }
    }

    [Fact]
    public async Task UnknownModelGets404ProblemDetails()
    {
        using var response = await _client.PostAsync("/classify?model=no-such-model", ImageContent.Raw(_digits.Png(0)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:denoiseapi:problem:unknown-model", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownVersionGets404()
    {
        using var response = await _client.PostAsync("/classify?model=mlp-classifier&version=999", ImageContent.Raw(_digits.Png(0)));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AModelOfAnotherKindGets400()
    {
        using var response = await _client.PostAsync("/classify?model=dense-dae-64", ImageContent.Raw(_digits.Png(0)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:denoiseapi:problem:wrong-model-kind", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("invert=maybe")]
    [InlineData("fit=square")]
    [InlineData("denoise=perhaps")]
    [InlineData("model=mlp-classifier&version=latest")]
    [InlineData("model=mlp-classifier&version=0")]
    [InlineData("version=1")]
    [InlineData("denoise=true&denoiserVersion=-2&denoiser=dense-dae-64")]
    public async Task UnknownQueryValuesGet400(string query)
    {
        using var response = await _client.PostAsync($"/classify?{query}", ImageContent.Raw(_digits.Png(0)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:denoiseapi:problem:invalid-query", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }
}
