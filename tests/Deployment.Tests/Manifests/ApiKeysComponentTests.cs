using System.Net;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Service;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>
/// components/api-keys added to the cpu overlay: the secret is mounted where Auth__KeysFile points, and the service
/// started with that configuration demands a key on the API while the probed paths stay open.
/// </summary>
public sealed class ApiKeysComponentTests : IDisposable
{
    private static readonly string[] Probes = ["readinessProbe", "livenessProbe", "startupProbe"];

    private readonly string _overlay = Directory.CreateTempSubdirectory("denoiseapi-overlay-").FullName;

    public ApiKeysComponentTests()
    {
        File.WriteAllText(Path.Combine(_overlay, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - {Path.GetRelativePath(_overlay, Path.Combine(RepoPaths.Kubernetes, "overlays", "cpu"))}
            components:
              - {Path.GetRelativePath(_overlay, Path.Combine(RepoPaths.Kubernetes, "components", "api-keys"))}
            """);
    }

    [Fact]
    public void KeysFileSettingPointsIntoTheMountedSecret()
    {
        var keysFile = Rendered.Environment(_overlay)["Auth__KeysFile"]!;
        Assert.Equal("true", Rendered.Environment(_overlay)["Auth__Enabled"]);
        var mount = Rendered.Container(_overlay).ListAt("volumeMounts").Maps().Single(m => keysFile.StartsWith(m.StringAt("mountPath") + "/", StringComparison.Ordinal));
        Assert.True(mount.BoolAt("readOnly"));
        var volume = Rendered.Deployment(_overlay).PodSpec()!.ListAt("volumes").Maps().Single(v => v.StringAt("name") == mount.StringAt("name"));
        Assert.Equal("denoiseapi-api-keys", volume.StringAt("secret.secretName"));
        Assert.Empty(ServiceSettings.Problems(Rendered.Environment(_overlay)));
    }

    [Fact]
    public async Task ServiceWithTheComponentsConfigDemandsAKeyButLeavesProbesOpen()
    {
        const string key = "deployment-test-key-0123456789";
        var keysFile = Path.Combine(_overlay, "keys");
        await File.WriteAllTextAsync(keysFile, "# mounted secret\n" + key + "\n");
        await using var service = ServiceProcess.Start(port =>
        {
            var env = ServiceProcess.EnvironmentOf(_overlay, port);
            env["Auth__KeysFile"] = keysFile;
            return env;
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var (png, _) = MnistDigits.TestDigit(3);

        async Task<HttpStatusCode> Classify(string? apiKey)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/classify", UriKind.Relative)) { Content = new ByteArrayContent(png) };
            request.Content.Headers.ContentType = new("image/png");
            if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Classify(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await Classify("wrong-key-0123456789abcdef"));
        Assert.Equal(HttpStatusCode.OK, await Classify(key));
        foreach (var probe in Probes)
        {
            using var response = await client.GetAsync(new Uri(Rendered.Container(_overlay).StringAt($"{probe}.httpGet.path"), UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public void Dispose() => Directory.Delete(_overlay, recursive: true);
}
