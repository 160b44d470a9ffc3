using System.Net;
using DenoiseApi.Apis;
using DenoiseApi.Errors;
using DenoiseApi.Imaging;
using DenoiseApi.Noise;
using DenoiseApi.Tests.Infrastructure;
using DenoiseApi.Tests.Security;

namespace DenoiseApi.Tests.Demo;

/// <summary>POST /noise: the trainer's noise functions, on the model input, answered as a PNG.</summary>
public sealed class NoiseEndpointTests(NoiseEndpointTests.Service service) : IClassFixture<NoiseEndpointTests.Service>
{
    private readonly HttpClient _client = service.Client;

    /// <summary>The service with default edge settings; /noise needs no model.</summary>
    public sealed class Service : IDisposable
    {
        private readonly EdgeService _service = new(new Dictionary<string, string>());

        public Service() => Client = _service.CreateClient();

        public HttpClient Client { get; }

        public void Dispose()
        {
            Client.Dispose();
            _service.Dispose();
        }
    }

    [Theory]
    [InlineData("gaussian", 0.5)]
    [InlineData("uniform", 0.9)]
    [InlineData("salt-pepper", 0.2)]
    [InlineData("mask", 0.3)]
    [InlineData("blind", 1.0)]
    public async Task NoiseIsTheTrainersNoiseOnTheModelInput(string type, double level)
    {
        var clean = MnistTestDigits.Instance.Images[11];

        var noisy = await NoisyPixels($"/noise?type={type}&level={level}&seed=42", MnistTestDigits.Instance.Png(11));

        // The trainer's own code, driven directly: the request's image 0 uses the stream (seed, round 0, image 0).
        var expected = new float[clean.Length];
        var rng = Xoshiro256.ForStream(42, 0, 0);
        NoiseSpec.Parse($"{type}:{level.ToString(System.Globalization.CultureInfo.InvariantCulture)}").Create()
            .Apply(TestNoise.Quantize(clean), expected, ref rng);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], noisy[i], 1.0f / 255 / 2 + 1e-6f);
        Assert.True(clean.Zip(noisy).Count(p => Math.Abs(p.First - p.Second) > 0.01f) > 40, "the noise should change many pixels");
    }

    [Fact]
    public async Task TheSameSeedGivesTheSamePngAndAnotherSeedAnotherOne()
    {
        var png = MnistTestDigits.Instance.Png(3);

        var first = await PostBytes("/noise?type=gaussian&level=0.7&seed=9", png);
        var again = await PostBytes("/noise?type=gaussian&level=0.7&seed=9", png);
        var other = await PostBytes("/noise?type=gaussian&level=0.7&seed=10", png);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task NoneAnswersTheCleanModelInput()
    {
        var clean = TestNoise.Quantize(MnistTestDigits.Instance.Images[4]);

        var answer = await NoisyPixels("/noise?type=none", MnistTestDigits.Instance.Png(4));

        for (var i = 0; i < clean.Length; i++) Assert.Equal(clean[i], answer[i], 1e-6f);
    }

    [Fact]
    public async Task TheSeedAndSpecAreReportedSoTheNoiseCanBeReproduced()
    {
        using var response = await _client.PostAsync("/noise?type=salt-pepper&level=0.25", ImageContent.Raw(MnistTestDigits.Instance.Png(8)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("salt-pepper:0.25", Assert.Single(response.Headers.GetValues(NoiseApi.SpecHeader)));
        var seed = Assert.Single(response.Headers.GetValues(NoiseApi.SeedHeader));
        var replay = await PostBytes($"/noise?type=salt-pepper&level=0.25&seed={seed}", MnistTestDigits.Instance.Png(8));
        Assert.Equal(await response.Content.ReadAsByteArrayAsync(), replay);
    }

    [Fact]
    public async Task DarkInkOnLightPaperIsAnsweredInTheCallersPolarity()
    {
        var digit = MnistTestDigits.Instance.Images[7];
        var paper = digit.Select(p => 1f - p).ToArray();

        var answer = await NoisyPixels("/noise?type=mask&level=0.5&seed=1", PngEncoder.EncodeGray8(paper, 28, 28));

        // Masking darkens pixels of the white-on-black model input, so on paper the hit ink pixels turn white.
        var paperWhite = Enumerable.Range(0, 784).Count(i => paper[i] > 0.99f);
        var answerWhite = Enumerable.Range(0, 784).Count(i => answer[i] > 0.99f);
        Assert.True(answer[0] > 0.99f, "the background stays light");
        Assert.True(answerWhite > paperWhite, $"{answerWhite} light pixels after masking, {paperWhite} before");
    }

    [Fact]
    public async Task SeveralImagesAreAnsweredAsJsonWithOnePngEach()
    {
        var digits = MnistTestDigits.Instance;
        using var response = await _client.PostAsync("/noise?type=uniform&level=0.5&seed=3",
            ImageContent.Multipart([digits.Png(0), digits.Png(0)]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        Assert.Equal("uniform:0.5", body.GetProperty("noise").GetString());
        var results = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("png").GetBytesFromBase64()).ToList();
        Assert.Equal(2, results.Count);
        // The same picture twice gets different noise: image i has its own stream.
        Assert.NotEqual(results[0], results[1]);
    }

    [Theory]
    [InlineData("/noise?level=0.5", "'type' is required")]
    [InlineData("/noise?type=speckle&level=0.5", "'type' must be one of none, gaussian, uniform, salt-pepper, mask, blind, not 'speckle'")]
    [InlineData("/noise?type=gaussian&level=abc", "'level' must be a number")]
    [InlineData("/noise?type=gaussian&level=0.5&size=5", "'size' must be one of model, 28, input")]
    [InlineData("/noise?type=gaussian&level=3", "[0, 2]")]
    [InlineData("/noise?type=mask&level=1.5", "[0, 1]")]
    [InlineData("/noise?type=gaussian&level=0.5&seed=abc", "'seed'")]
    public async Task BadParametersAreAnswered400(string url, string reason)
    {
        using var response = await _client.PostAsync(url, ImageContent.Raw(MnistTestDigits.Instance.Png(0)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json.ReadAsync(response);
        Assert.Equal(Problems.TypeOf(FailureKind.InvalidQuery), problem.GetProperty("type").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BytesThatAreNoImageAreAnswered400()
    {
        using var response = await _client.PostAsync("/noise?type=gaussian&level=0.5", ImageContent.Raw([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<byte[]> PostBytes(string url, byte[] png)
    {
        using var response = await _client.PostAsync(url, ImageContent.Raw(png));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<float[]> NoisyPixels(string url, byte[] png)
    {
        var image = ImageDecoder.DecodeGray(await PostBytes(url, png));
        Assert.Equal((28, 28), (image.Width, image.Height));
        return image.Pixels;
    }
}
