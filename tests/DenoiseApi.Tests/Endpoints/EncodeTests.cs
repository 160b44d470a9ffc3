using System.Net;
using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Endpoints;

[Collection(SharedService.Name)]
public sealed class EncodeTests(ServiceFixture service)
{
    private readonly HttpClient _client = service.Client;

    [Fact]
    public async Task EncodeReturnsTheManifestsLatentSize()
    {
        using var response = await _client.PostAsync("/encode", ImageContent.Multipart(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json.ReadAsync(response);
        var name = body.GetProperty("model").GetString()!;
        var version = body.GetProperty("version").GetInt32();
        var manifest = ManifestJson.Read(Path.Combine(ModelLayout.VersionDirectory(Repository.Models, name, version), ManifestJson.FileName));
        var latentSize = manifest.Outputs[0].Shape[1];

        Assert.Equal(ModelKind.Encoder, manifest.Kind);
        Assert.Equal(latentSize, Json.Floats(body.GetProperty("latent")).Length);
        Assert.Equal([latentSize], body.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task DifferentDigitsGetDifferentLatents()
    {
        using var a = await _client.PostAsync("/encode", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        using var b = await _client.PostAsync("/encode", ImageContent.Raw(MnistTestDigits.Instance.Png(1)));
        Assert.NotEqual(Json.Floats((await Json.ReadAsync(a)).GetProperty("latent")), Json.Floats((await Json.ReadAsync(b)).GetProperty("latent")));
    }
}
