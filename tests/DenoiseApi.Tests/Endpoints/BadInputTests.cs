using System.Net;
using System.Net.Http.Headers;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Endpoints;

[Collection(SharedService.Name)]
public sealed class BadInputTests(ServiceFixture service)
{
    private readonly HttpClient _client = service.Client;

    public static TheoryData<string, string> BadRequests => new()
    {
        { "bad bytes", "malformed-image" },
        { "empty body", "missing-image" },
        { "empty multipart file", "missing-image" },
        { "wrong field", "missing-image" },
        { "truncated png", "malformed-image" },
        { "png with a broken crc", "malformed-image" },
        { "broken multipart", "malformed-image" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadInputGets400ProblemDetailsAndTheNextGoodRequestStillSucceeds(string what, string problem)
    {
        foreach (var endpoint in new[] { "/denoise", "/encode", "/classify" })
        {
            using var response = await _client.PostAsync(endpoint, Body(what));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var body = await Json.ReadAsync(response);
            Assert.Equal($"urn:denoiseapi:problem:{problem}", body.GetProperty("type").GetString());
            Assert.Equal(400, body.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
            Assert.DoesNotContain(" at ", body.GetProperty("detail").GetString(), StringComparison.Ordinal); // no stack trace

            using var good = await _client.PostAsync(endpoint, ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        }
    }

    [Fact]
    public async Task ATextBodyGets415()
    {
        using var response = await _client.PostAsync("/classify", new StringContent("seven"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task AUrlEncodedFormGets415NamingItsContentTypeWithoutEchoingItsContent()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["image"] = "secret-token-4711" });

        using var response = await _client.PostAsync("/classify", form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("application/x-www-form-urlencoded", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-4711", body, StringComparison.Ordinal);
        Assert.Equal("urn:denoiseapi:problem:unsupported-format", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnInterlacedPngCutShortGets400AtOnceInsteadOfHangingADecoder()
    {
        // ImageSharp 2.1.13 never returns on such a file; the service refuses it before the decoder sees it.
        var png = System.IO.File.ReadAllBytes(Path.Combine(Repository.Root, "tests", "Imaging.Tests", "FuzzRegressions", "png-interlaced-spin.bin"));

        using var response = await _client.PostAsync("/classify", ImageContent.Raw(png));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:denoiseapi:problem:malformed-image", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnImageDeclaringTooManyPixelsGets413BeforeDecoding()
    {
        // A valid PNG header claiming 50,000 x 50,000 pixels, followed by almost nothing.
        var png = MnistTestDigits.Instance.Png(0);
        var forged = (byte[])png.Clone();
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(forged.AsSpan(16), 50_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(forged.AsSpan(20), 50_000);
        FixCrc(forged, 12, 17);
        using var response = await _client.PostAsync("/classify", ImageContent.Raw(forged));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("urn:denoiseapi:problem:too-large", (await Json.ReadAsync(response)).GetProperty("type").GetString());
    }

    private static HttpContent Body(string what)
    {
        var png = MnistTestDigits.Instance.Png(0);
        switch (what)
        {
            case "bad bytes": return ImageContent.Raw("this is not an image at all"u8.ToArray());
            case "empty body": return ImageContent.Raw([]);
            case "empty multipart file": return ImageContent.Multipart(Array.Empty<byte>());
            case "wrong field": return ImageContent.Multipart(png, field: "file");
            case "truncated png": return ImageContent.Multipart(png[..(png.Length / 2)]);
            case "png with a broken crc":
                var corrupt = (byte[])png.Clone();
                corrupt[29] ^= 0xFF; // inside IHDR's CRC
                return ImageContent.Raw(corrupt);
            case "broken multipart":
                var broken = new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\nabc"u8.ToArray());
                broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
                return broken;
            default: throw new ArgumentOutOfRangeException(nameof(what), what, null);
        }
    }

    private static void FixCrc(byte[] png, int chunkTypeOffset, int length)
    {
        // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) over the chunk type and data.
        var crc = 0xFFFFFFFFu;
        foreach (var b in png.AsSpan(chunkTypeOffset, length))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunkTypeOffset + length), ~crc);
    }
}
