using System.Net;
using DenoiseApi.Imaging;
using DenoiseApi.Noise;
using DenoiseApi.Tests.Infrastructure;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Tests.Endpoints;

/// <summary>
/// The default polarity guess (<c>invert=auto</c>) on real noisy MNIST digits through the HTTP pipeline: a noisy digit
/// is white ink on a dark (if noisy) background and keeps its polarity, so the default answer is the
/// <c>invert=false</c> answer image for image; the same digits drawn as dark ink on light paper are inverted, so their
/// default answer is the <c>invert=true</c> one. Uniform noise 0.9 lifts the background to about 0.45; a border-mean
/// rule inverted about 2% of those digits.
/// </summary>
[Collection(SharedService.Name)]
public sealed class AutoPolarityTests(ServiceFixture service)
{
    private const int Digits = 512;

    private readonly HttpClient _client = service.Client;
    private readonly MnistTestDigits _digits = MnistTestDigits.Instance;

    [Theory]
    [InlineData("uniform:0.9")]
    [InlineData("gaussian:0.5")]
    [InlineData("salt-pepper:0.2")]
    public async Task NoisyMnistDigitsKeepTheirPolarity(string noise)
    {
        var noisy = Noised(noise, ink: level => level);
        var byDefault = await DenoiseAsync("/denoise", noisy);
        var kept = await DenoiseAsync("/denoise?invert=false", noisy);

        // At most 1%: a digit whose strokes touch the border leaves the guess to the border's median (2 of these 512
        // uniform-0.9 digits); the border-mean rule inverted 36 of them.
        var flipped = Enumerable.Range(0, Digits).Where(i => byDefault[i] != kept[i]).ToList();
        Assert.True(flipped.Count <= Digits / 100, $"{noise}: the default polarity inverted {flipped.Count} of {Digits} noisy test digits (streams {string.Join(", ", flipped.Take(10))}).");
    }

    [Fact]
    public async Task TheSameDigitsAsDarkInkOnPaperAreInverted()
    {
        var paper = Noised("gaussian:0.1", ink: level => 1f - level);
        var byDefault = await DenoiseAsync("/denoise", paper);
        var inverted = await DenoiseAsync("/denoise?invert=true", paper);

        var kept = Enumerable.Range(0, Digits).Where(i => byDefault[i] != inverted[i]).ToList();
        Assert.True(kept.Count == 0, $"{kept.Count} of {Digits} dark-on-light digits were not inverted (streams {string.Join(", ", kept.Take(10))}).");
    }

    /// <summary>The first <see cref="Digits"/> test digits drawn with <paramref name="ink"/>, then noised as POST /noise does, quantised to 8 bits.</summary>
    private List<float[]> Noised(string spec, Func<float, float> ink)
    {
        var noise = NoiseSpec.Parse(spec).Create();
        return [.. Enumerable.Range(0, Digits).Select(i =>
        {
            var rng = Xoshiro256.ForStream(2026, 0, i);
            var drawn = _digits.Images[i].Select(ink).ToArray();
            var noisy = new float[drawn.Length];
            noise.Apply(drawn, noisy, ref rng);
            return TestNoise.Quantize(noisy);
        })];
    }

    /// <summary>Each image's answer (its PNG, base64) from <paramref name="route"/>, 64 images per request (the service's limit).</summary>
    private async Task<string[]> DenoiseAsync(string route, IReadOnlyList<float[]> images)
    {
        var answers = new List<string>();
        foreach (var chunk in images.Chunk(64))
        {
            using var response = await _client.PostAsync(route, ImageContent.Multipart(chunk.Select(p => PngEncoder.EncodeGray8(p, 28, 28))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.AddRange((await Json.ReadAsync(response)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("png").GetString()!));
        }
        return [.. answers];
    }
}
