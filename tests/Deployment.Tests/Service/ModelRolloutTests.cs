using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The volume rollout procedure of docs/deployment.md: a new version is copied under a name that is not a number and
/// renamed into place while clients keep calling. The service must switch to it without a single failed request.
/// </summary>
public sealed class ModelRolloutTests : IDisposable
{
    private const string Model = "mlp-classifier";
    private readonly string _repository = Directory.CreateTempSubdirectory("denoiseapi-models-").FullName;

    [Fact]
    public async Task NewVersionRenamedIntoTheRepositoryIsServedWithoutAFailedRequest()
    {
        CopyDirectory(ServiceProcess.ModelsRoot, _repository);
        var current = Directory.EnumerateDirectories(Path.Combine(_repository, Model)).Select(d => int.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).Max();
        var next = current + 1;

        await using var service = ServiceProcess.Start(port =>
        {
            var env = ServiceProcess.EnvironmentOf("overlays/cpu", port);
            env["Models__Root"] = _repository;
            env["RateLimiting__Enabled"] = "false";
            return env;
        });
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var (png, _) = MnistDigits.TestDigit(4);

        var failures = new List<string>();
        var versionsSeen = new List<int>();
        using var stop = new CancellationTokenSource();
        async Task CallUntilStoppedAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(png);
                content.Headers.ContentType = new("image/png");
                using var response = await client.PostAsync(new Uri($"/classify?model={Model}", UriKind.Relative), content);
                var body = await response.Content.ReadAsStringAsync();
                lock (failures)
                {
                    if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{(int)response.StatusCode}: {body}");
                    else versionsSeen.Add(JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt32());
                }
            }
        }
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(CallUntilStoppedAsync)).ToList();

        // Publish: copy under a non-numeric name (ignored by the service), then one atomic rename.
        var incoming = Path.Combine(_repository, Model, $".incoming-{next}");
        CopyDirectory(Path.Combine(_repository, Model, current.ToString(System.Globalization.CultureInfo.InvariantCulture)), incoming);
        var manifestPath = Path.Combine(incoming, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["version"] = next;
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        Directory.Move(incoming, Path.Combine(_repository, Model, next.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (!await IsDefaultAsync(client, next))
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(1), $"version {next} was not served within a minute:\n{service.Output}");
            await Task.Delay(200);
        }
        // Keep calling until answers from the new version have come back too.
        while (true)
        {
            lock (failures)
            {
                if (versionsSeen.Count(v => v == next) >= 20) break;
            }
            Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(2), "no answers from the new version");
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.Empty(failures);
        Assert.Contains(current, versionsSeen);
        Assert.Equal(next, versionsSeen[^1]);
    }

    private static async Task<bool> IsDefaultAsync(HttpClient client, int version)
    {
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("/models", UriKind.Relative)));
        return models.RootElement.GetProperty("models").EnumerateArray().Any(m =>
            m.GetProperty("name").GetString() == Model && m.GetProperty("version").GetInt32() == version
            && m.GetProperty("state").GetString() == "serving" && m.GetProperty("isDefault").GetBoolean());
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => Directory.Delete(_repository, recursive: true);
}
