using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The GPU build started as the GPU image and overlay start it (Models__Defaults__Provider=Cuda). Where the CUDA 13
/// libraries its provider links are missing — this machine, and any without a GPU stack — every model serves on the
/// CPU and /models says why, in ONNX Runtime's words.
/// </summary>
public sealed class GpuBuildTests(GpuBuild build) : IClassFixture<GpuBuild>
{
    [Fact]
    public void TheGpuBuildShipsTheCudaProviderBesideItsRuntimeAndTheCpuBuildDoesNot()
    {
        Assert.True(File.Exists(Path.Combine(build.NativeFolder, "libonnxruntime.so")));
        Assert.True(File.Exists(Path.Combine(build.NativeFolder, "libonnxruntime_providers_cuda.so")));
        var cpuBuild = Path.GetDirectoryName(ServiceProcess.ServiceAssembly)!;
        Assert.True(File.Exists(Path.Combine(cpuBuild, "runtimes", "linux-x64", "native", "libonnxruntime.so")));
        Assert.False(File.Exists(Path.Combine(cpuBuild, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so")));
    }

    [Fact]
    public async Task WithoutCudaLibrariesTheGpuBuildServesOnCpuAndSaysWhy()
    {
        await using var service = ServiceProcess.Start(port => ServiceProcess.EnvironmentOf("overlays/gpu", port), build.ServiceAssembly);
        await service.WaitUntilReadyAsync(TimeSpan.FromMinutes(3));
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var models = JsonDocument.Parse(await client.GetStringAsync(new Uri("/models", UriKind.Relative)));
        Assert.Equal("Microsoft.ML.OnnxRuntime.Gpu.Linux", models.RootElement.GetProperty("runtimeLibrary").GetString());
        var serving = models.RootElement.GetProperty("models").EnumerateArray().Where(m => m.GetProperty("state").GetString() == "serving").ToList();
        Assert.NotEmpty(serving);

        var cudaPresent = NativeLibrary.TryLoad("libcublasLt.so.13", out var handle);
        if (cudaPresent) NativeLibrary.Free(handle);
        Assert.All(serving, m =>
        {
            Assert.Equal("Cuda", m.GetProperty("requestedProvider").GetString());
            if (cudaPresent)
            {
                // A machine with the CUDA 13 stack: the provider is either used, or refused for another reason (no GPU).
                Assert.True(m.GetProperty("provider").GetString() == "Cuda" || m.GetProperty("providerFallbackReason").GetString() is { Length: > 0 });
            }
            else
            {
                Assert.Equal("Cpu", m.GetProperty("provider").GetString());
                var reason = m.GetProperty("providerFallbackReason").GetString()!;
                Assert.Contains("libcublasLt.so.13: cannot open shared object file", reason, StringComparison.Ordinal);
            }
        });
        if (!cudaPresent)
        {
            // One warning per model version, not one per session.
            var versions = serving.Count(m => m.GetProperty("name").GetString() == "conv-classifier");
            // The exact name: conv-classifier-blind's warnings are its own.
            var warnings = service.Output.Split('\n').Count(l => Regex.IsMatch(l, "conv-classifier\"? version") && l.Contains("libcublasLt.so.13", StringComparison.Ordinal));
            Assert.Equal(versions, warnings);
        }

        var (png, label) = MnistDigits.TestDigit(3);
        using var content = new ByteArrayContent(png);
        content.Headers.ContentType = new("image/png");
        using var classified = await client.PostAsync(new Uri("/classify", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, classified.StatusCode);
        Assert.Equal(label, JsonDocument.Parse(await classified.Content.ReadAsStringAsync()).RootElement.GetProperty("digit").GetInt32());
    }
}
