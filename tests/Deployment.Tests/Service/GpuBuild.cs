using System.Diagnostics;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Service;

/// <summary>
/// The service's GPU build (Microsoft.ML.OnnxRuntime.Gpu.Linux), made once per test run by the build stage's own
/// commands from deploy/docker/Dockerfile.gpu (its `dotnet restore` and `dotnet publish` lines, with `-o /app` moved to a
/// scratch folder), run in this repository: the GPU flavour restores and builds into obj-gpu/ and bin-gpu/, apart from
/// the CPU build the other tests use. The first restore downloads the 246 MB package into the NuGet cache.
/// </summary>
public sealed class GpuBuild : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("denoiseapi-gpu-build-").FullName;

    public GpuBuild()
    {
        var dockerfile = DockerfileModel.Load(Path.Combine(RepoPaths.Docker, "Dockerfile.gpu"));
        foreach (var run in dockerfile.Stage("build").All("RUN").Select(r => r.Arguments))
        {
            var words = DockerfileModel.Words(run.Replace("-o /app", $"-o {_output}", StringComparison.Ordinal)).ToList();
            if (words[0] != "dotnet") throw new InvalidOperationException($"The GPU build stage runs '{run}', not a dotnet command.");
            Dotnet(words.Skip(1), TimeSpan.FromMinutes(20));
        }
        ServiceAssembly = Path.Combine(_output, "DenoiseApi.dll");
        NativeFolder = Path.Combine(_output, "runtimes", "linux-x64", "native");
    }

    /// <summary>The published DenoiseApi.dll of the GPU build.</summary>
    public string ServiceAssembly { get; }

    /// <summary>Where the publish output holds libonnxruntime.so and its provider libraries.</summary>
    public string NativeFolder { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_output, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temp folder is cleaned by the OS later.
        }
    }

    private static void Dotnet(IEnumerable<string> arguments, TimeSpan limit)
    {
        var start = new ProcessStartInfo(Executables.Find("dotnet") ?? "dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // The test host's MSBuild settings belong to the build that is running these tests, not to this one.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {limit}.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
