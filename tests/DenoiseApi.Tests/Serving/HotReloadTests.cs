using System.Net;
using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Serving;

public sealed class HotReloadTests
{
    private static readonly Dictionary<string, string> FastReload = Repository.WithDenseDefaults(new Dictionary<string, string> { ["Models:ReloadIntervalSeconds"] = "0.2" });

    [Fact]
    public async Task ABrokenNewVersionLeavesTheOldOneServingAndAFixedOneIsSwappedIn()
    {
        using var models = Repository.CopyOf("dense-dae-64", "dense-dae-64-encoder", "mlp-classifier");
        await using var factory = new ServiceFactory(models.Path, FastReload);
        using var client = await factory.CreateReadyClientAsync();
        var v1 = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 1);
        var v2 = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 2);
        var manifest = ManifestJson.Read(Path.Combine(v1, ManifestJson.FileName));

        // Version 2 arrives broken: a truncated ONNX file whose checksum matches, so ONNX Runtime itself rejects it.
        Directory.CreateDirectory(v2);
        var good = await File.ReadAllBytesAsync(Path.Combine(v1, manifest.File));
        await File.WriteAllBytesAsync(Path.Combine(v2, manifest.File), good[..(good.Length / 3)]);
        ManifestJson.Write(Path.Combine(v2, ManifestJson.FileName), manifest with { Version = 2, Sha256 = ModelLayout.Sha256Of(Path.Combine(v2, manifest.File)) });

        var broken = await WaitForStateAsync(client, 2, "failed");
        Assert.False(string.IsNullOrWhiteSpace(broken.GetProperty("lastError").GetString()));
        Assert.Equal(1, await ClassifiedByVersionAsync(client));
        using (var ready = await client.GetAsync("/health/ready")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(Metrics.Value(await Metrics.LineAsync(client, "denoiseapi_model_load_failures_total{", "model=\"mlp-classifier\"")) >= 1);

        // The fixed file replaces it: version 2 loads, warms up and becomes the default.
        await File.WriteAllBytesAsync(Path.Combine(v2, manifest.File), good);
        ManifestJson.Write(Path.Combine(v2, ManifestJson.FileName), manifest with { Version = 2 });
        await WaitForStateAsync(client, 2, "serving");
        Assert.Equal(2, await ClassifiedByVersionAsync(client));
        using var pinned = await client.PostAsync("/classify?model=mlp-classifier&version=1", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(1, (await Json.ReadAsync(pinned)).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task RequestsDuringAReloadAllSucceed()
    {
        using var models = Repository.CopyOf("dense-dae-64", "dense-dae-64-encoder", "mlp-classifier");
        await using var factory = new ServiceFactory(models.Path, FastReload);
        using var client = await factory.CreateReadyClientAsync();
        var v1 = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 1);
        var manifestPath = Path.Combine(v1, ManifestJson.FileName);
        var manifest = ManifestJson.Read(manifestPath);

        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            var statuses = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var response = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(statuses.Count % 50)));
                statuses.Add(response.StatusCode);
            }
            return statuses;
        });

        // Touch version 1 three times: each change reloads it and swaps the new instance in under traffic.
        for (var round = 1; round <= 3; round++)
        {
            ManifestJson.Write(manifestPath, manifest with { Description = $"reload {round}" });
            await ServiceFactory.WaitUntilAsync(client, async c =>
            {
                var models = await ModelsAsync(c);
                return models.Any(m => m.GetProperty("name").GetString() == "mlp-classifier" && m.GetProperty("description").GetString() == $"reload {round}");
            }, $"reload {round}");
        }
        await stop.CancelAsync();
        var seen = await traffic;

        Assert.NotEmpty(seen);
        Assert.All(seen, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    private static async Task<int> ClassifiedByVersionAsync(HttpClient client)
    {
        using var response = await client.PostAsync("/classify", ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("version").GetInt32();
    }

    private static async Task<List<System.Text.Json.JsonElement>> ModelsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/models");
        return [.. (await Json.ReadAsync(response)).GetProperty("models").EnumerateArray()];
    }

    private static async Task<System.Text.Json.JsonElement> WaitForStateAsync(HttpClient client, int version, string state)
    {
        System.Text.Json.JsonElement found = default;
        await ServiceFactory.WaitUntilAsync(client, async c =>
        {
            var match = (await ModelsAsync(c)).Where(m => m.GetProperty("name").GetString() == "mlp-classifier" && m.GetProperty("version").GetInt32() == version).ToList();
            if (match.Count == 0 || match[0].GetProperty("state").GetString() != state) return false;
            found = match[0];
            return true;
        }, $"mlp-classifier version {version} to be {state}");
        return found;
    }
}
