namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>Where the repository and its deployment files are, found from the test assembly's location.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder holding DenoiseApi.sln).</summary>
    public static string Root => RootPath.Value;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Docker => Path.Combine(Deploy, "docker");

    public static string Kubernetes => Path.Combine(Deploy, "k8s");

    public static string Models => Path.Combine(Root, "models");

    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The build configuration this test assembly was built in (Debug or Release), read from its output path.</summary>
    public static string Configuration
    {
        get
        {
            // <project>/bin/<Configuration>/<tfm>/
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return tfmDir.Parent?.Name ?? "Debug";
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DenoiseApi.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No DenoiseApi.sln above {AppContext.BaseDirectory}.");
    }
}
