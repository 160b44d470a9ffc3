using System.Net;
using DenoiseApi.Imaging;
using DenoiseApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DenoiseApi.Tests.Endpoints;

[Collection(SharedService.Name)]
public sealed class DenoiseTests(ServiceFixture service, ITestOutputHelper output)
{
    private readonly HttpClient _client = service.Client;
    private readonly MnistTestDigits _digits = MnistTestDigits.Instance;

    [Fact]
    public async Task DenoiseRaisesMeanPsnrOnGaussianNoisyDigits()
    {
        var random = new Random(2024);
        double noisyPsnr = 0, denoisedPsnr = 0;
        const int count = 50;
        for (var i = 0; i < count; i++)
        {
            var clean = _digits.Images[i];
            var noisy = TestNoise.Quantize(TestNoise.Gaussian(clean, 0.5f, random));
            using var response = await _client.PostAsync("/denoise", ImageContent.Multipart(PngEncoder.EncodeGray8(noisy, 28, 28)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            var denoised = ImageDecoder.DecodeGray(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((28, 28), (denoised.Width, denoised.Height));
            noisyPsnr += TestNoise.Psnr(clean, noisy);
            denoisedPsnr += TestNoise.Psnr(clean, denoised.Pixels);
        }
        noisyPsnr /= count;
        denoisedPsnr /= count;
        output.WriteLine($"/denoise on {count} Gaussian-0.5 digits: mean PSNR noisy {noisyPsnr:F2} dB, denoised {denoisedPsnr:F2} dB");
        Assert.True(denoisedPsnr > noisyPsnr + 3, $"Mean PSNR noisy {noisyPsnr:F2} dB, denoised {denoisedPsnr:F2} dB; expected a gain of more than 3 dB.");
    }

    [Fact]
    public async Task APngAnswerNamesItsModelAndVersionInHeaders()
    {
        using var response = await _client.PostAsync("/denoise?model=dense-dae-64&size=28&invert=FALSE", ImageContent.Raw(_digits.Png(0)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("dense-dae-64", Assert.Single(response.Headers.GetValues("X-Model")));
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("X-Model-Version")));
    }

    [Fact]
    public async Task DenoiseAnswersAtTheInputSizeWhenAsked()
    {
        var large = ImageResizer.ResizeArea(new GrayImage(28, 28, _digits.Images[5]), 56, 70);
        using var response = await _client.PostAsync("/denoise?size=input", ImageContent.Raw(PngEncoder.EncodeGray8(large.Pixels, 56, 70)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var info = ImageDecoder.Probe(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((56, 70), (info.Width, info.Height));
    }

    [Fact]
    public async Task DenoiseAnswersInTheCallersPolarity()
    {
        // Dark ink on white paper: the answer must be dark ink on white as well.
        var inverted = _digits.Images[1].Select(p => 1f - p).ToArray();
        using var response = await _client.PostAsync("/denoise", ImageContent.Raw(PngEncoder.EncodeGray8(inverted, 28, 28)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var denoised = ImageDecoder.DecodeGray(await response.Content.ReadAsByteArrayAsync());
        var border = Enumerable.Range(0, 28).Select(x => denoised[x, 0]).Average();
        Assert.True(border > 0.8, $"Border brightness {border:F2}; a white background was expected.");
    }

    [Fact]
    public async Task SeveralImagesAreAnsweredAsJsonWithOnePngEachInOrder()
    {
        using var response = await _client.PostAsync("/denoise", ImageContent.Multipart([_digits.Png(0), _digits.Png(1), _digits.Png(2)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await Json.ReadAsync(response)).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        for (var i = 0; i < 3; i++)
        {
            using var single = await _client.PostAsync("/denoise", ImageContent.Raw(_digits.Png(i)));
            Assert.Equal(await single.Content.ReadAsByteArrayAsync(), results[i].GetProperty("png").GetBytesFromBase64());
        }
    }
}
