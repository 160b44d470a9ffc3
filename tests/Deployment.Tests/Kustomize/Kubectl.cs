using System.Diagnostics;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>The real kustomize, through <c>kubectl kustomize</c>, when kubectl is installed.</summary>
internal static class Kubectl
{
    private static readonly Lazy<string?> PathOnDisk = new(() => Executables.Find("kubectl"));

    public static bool IsInstalled => PathOnDisk.Value is not null;

    public static List<Dictionary<string, object?>> Kustomize(string directory)
    {
        var kubectl = PathOnDisk.Value ?? throw new InvalidOperationException("kubectl is not installed.");
        var result = Executables.Run(kubectl, ["kustomize", directory], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {directory} failed ({result.ExitCode}): {result.StandardError}");
        return YamlTree.Parse(result.StandardOutput).Cast<Dictionary<string, object?>>().ToList();
    }
}

/// <summary>A fact that runs only where kubectl is installed (it is optional: the own renderer covers CI without it).</summary>
internal sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!Kubectl.IsInstalled) Skip = "kubectl is not installed; the own kustomize renderer is checked by the other tests.";
    }
}

/// <summary>Finds and runs programs on the PATH.</summary>
internal static class Executables
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    public static Result Run(string fileName, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish within {limit}.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
