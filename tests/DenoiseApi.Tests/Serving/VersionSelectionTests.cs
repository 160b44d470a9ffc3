using System.Net;
using DenoiseApi.ModelStore;
using DenoiseApi.Tests.Infrastructure;

namespace DenoiseApi.Tests.Serving;

public sealed class VersionSelectionTests
{
    [Fact]
    public async Task TheNewestVersionAnswersUnlessTheRequestOrTheConfigurationNamesOne()
    {
        using var models = Repository.CopyOf("dense-dae-64", "dense-dae-64-encoder", "mlp-classifier");
        var v1 = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 1);
        var v2 = ModelLayout.VersionDirectory(models.Path, "mlp-classifier", 2);
        Repository.CopyDirectory(v1, v2);
        var manifest = ManifestJson.Read(Path.Combine(v1, ManifestJson.FileName));
        ManifestJson.Write(Path.Combine(v2, ManifestJson.FileName), manifest with { Version = 2 });

        await using (var newest = new ServiceFactory(models.Path, Repository.DenseDefaults))
        {
            using var client = await newest.CreateReadyClientAsync();
            Assert.Equal(2, await VersionAsync(client, "/classify"));
            Assert.Equal(1, await VersionAsync(client, "/classify?model=mlp-classifier&version=1"));
        }

        await using var pinned = new ServiceFactory(models.Path, Repository.WithDenseDefaults(new Dictionary<string, string> { ["Models:PinnedVersions:mlp-classifier"] = "1" }));
        using var pinnedClient = await pinned.CreateReadyClientAsync();
        Assert.Equal(1, await VersionAsync(pinnedClient, "/classify"));
        Assert.Equal(2, await VersionAsync(pinnedClient, "/classify?model=mlp-classifier&version=2"));
    }

    private static async Task<int> VersionAsync(HttpClient client, string route)
    {
        using var response = await client.PostAsync(route, ImageContent.Raw(MnistTestDigits.Instance.Png(0)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("version").GetInt32();
    }
}
