using System.Net;
using System.Text.Json;
using DenoiseApi.Apis;
using DenoiseApi.Errors;
using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;
using DenoiseApi.Tests.Security;

namespace DenoiseApi.Tests.Demo;

/// <summary>
/// The latent map the demo page draws: every encoder in the repository ships one (scripts/latent-projection.cs), it
/// belongs to that exact model file, its components are a proper 2-D PCA basis, and the page's formula
/// ((z - mean)·c) applied to the service's own /encode answers puts test digits where the map says they are.
/// </summary>
public sealed class LatentProjectionTests
{
    private static IEnumerable<(string Name, int Version, string Directory, ModelManifest Manifest)> Encoders() =>
        ModelLayout.Enumerate(Repository.Models)
            .Select(v => (v.Name, v.Version, v.Directory, Manifest: ManifestJson.Read(Path.Combine(v.Directory, ManifestJson.FileName))))
            .Where(v => v.Manifest.Kind == ModelKind.Encoder);

    [Fact]
    public void EveryEncoderShipsAMapMadeFromItsOwnModelFile()
    {
        var encoders = Encoders().ToList();
        Assert.NotEmpty(encoders);
        foreach (var (name, version, directory, manifest) in encoders)
        {
            var file = Path.Combine(directory, DemoApi.ProjectionFile);
            Assert.True(File.Exists(file), $"{name}/{version} has no {DemoApi.ProjectionFile}; run: dotnet run scripts/latent-projection.cs -- --model {directory}");
            var map = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
            Assert.True(manifest.Sha256 == map.GetProperty("modelSha256").GetString(),
                $"{name}/{version}'s map was made from another model file; rerun: dotnet run scripts/latent-projection.cs -- --model {directory}");
            Assert.Equal(name, map.GetProperty("encoder").GetString());
            Assert.Equal(version, map.GetProperty("version").GetInt32());
        }
    }

    [Fact]
    public void TheComponentsAreAnOrthonormalBasisOrderedByVariance()
    {
        foreach (var map in Encoders().Select(e => Load(e.Directory)))
        {
            var c0 = Floats(map.GetProperty("components")[0]);
            var c1 = Floats(map.GetProperty("components")[1]);
            Assert.Equal(map.GetProperty("latentSize").GetInt32(), c0.Length);
            Assert.Equal(1.0, Dot(c0, c0), 3);
            Assert.Equal(1.0, Dot(c1, c1), 3);
            Assert.Equal(0.0, Dot(c0, c1), 3);
            var ratio = Floats(map.GetProperty("explainedVarianceRatio"));
            Assert.True(ratio[0] >= ratio[1] && ratio[1] > 0 && ratio[0] + ratio[1] <= 1, $"explained variance ratios {ratio[0]}, {ratio[1]}");
        }
    }

    [Fact]
    public async Task TheServedEncoderPutsTestDigitsWhereTheMapSays()
    {
        var (name, _, directory, _) = Encoders().First();
        var map = Load(directory);
        var mean = Floats(map.GetProperty("mean"));
        var c0 = Floats(map.GetProperty("components")[0]);
        var c1 = Floats(map.GetProperty("components")[1]);
        var points = map.GetProperty("points");
        var indices = points.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32()).Take(32).ToList();
        var digits = MnistTestDigits.Instance;

        await using var service = new EdgeService(new Dictionary<string, string>(), Repository.Models);
        using var client = await service.Factory.CreateReadyClientAsync();
        using var response = await client.PostAsync($"/encode?model={name}", ImageContent.Multipart(indices.Select(digits.Png)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var latents = (await Json.ReadAsync(response)).GetProperty("results").EnumerateArray()
            .Select(r => Json.Floats(r.GetProperty("latent"))).ToList();

        double spread = 0;
        for (var k = 0; k < indices.Count; k++)
        {
            Assert.Equal(digits.Labels[indices[k]], points.GetProperty("digits")[k].GetInt32());
            var centred = latents[k].Select((z, j) => (double)z - mean[j]).ToArray();
            var x = Dot(centred, c0);
            var y = Dot(centred, c1);
            var tolerance = 1e-3 * (1 + centred.Sum(Math.Abs));
            Assert.InRange(x, points.GetProperty("x")[k].GetDouble() - tolerance, points.GetProperty("x")[k].GetDouble() + tolerance);
            Assert.InRange(y, points.GetProperty("y")[k].GetDouble() - tolerance, points.GetProperty("y")[k].GetDouble() + tolerance);
            spread = Math.Max(spread, Math.Abs(x));
        }
        Assert.True(spread > 0.1, "the test digits should spread over the map");
    }

    [Fact]
    public async Task TheMapIsServedForTheEncoderAndRefusedForOtherModels()
    {
        var encoder = Encoders().First();
        var denoiser = ModelLayout.Enumerate(Repository.Models)
            .First(v => ManifestJson.Read(Path.Combine(v.Directory, ManifestJson.FileName)).Kind != ModelKind.Encoder);
        await using var service = new EdgeService(new Dictionary<string, string>(), Repository.Models);
        using var client = await service.Factory.CreateReadyClientAsync();

        using var served = await client.GetAsync($"/models/{encoder.Name}/projection");
        using var wrongKind = await client.GetAsync($"/models/{denoiser.Name}/projection");
        using var unknown = await client.GetAsync("/models/no-such-model/projection");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("application/json", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(encoder.Directory, DemoApi.ProjectionFile)), await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.Equal(Problems.TypeOf(FailureKind.WrongModelKind), (await Json.ReadAsync(wrongKind)).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task AnEncoderWithoutAMapIsAnswered404NamingTheCommand()
    {
        var encoder = Encoders().First();
        using var copy = Repository.CopyOf([.. ModelLayout.Enumerate(Repository.Models).Select(v => v.Name).Distinct()]);
        foreach (var file in Directory.EnumerateFiles(copy.Path, DemoApi.ProjectionFile, SearchOption.AllDirectories)) File.Delete(file);
        await using var service = new EdgeService(new Dictionary<string, string>(), copy.Path);
        using var client = await service.Factory.CreateReadyClientAsync();

        using var response = await client.GetAsync($"/models/{encoder.Name}/projection");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("latent-projection.cs", (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static JsonElement Load(string directory) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, DemoApi.ProjectionFile))).RootElement;

    private static double[] Floats(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    private static double Dot(double[] a, double[] b) => a.Zip(b).Sum(p => p.First * p.Second);
}
