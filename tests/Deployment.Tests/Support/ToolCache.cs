namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>
/// The tools the deployment tests run, kept in the setup cache ($DENOISEAPI_CACHE, default ~/.cache/denoiseapi):
/// kubectl fetched and verified by scripts/setup.sh, and npm packages installed here once and reused.
/// </summary>
internal static class ToolCache
{
    public static string Root => Environment.GetEnvironmentVariable("DENOISEAPI_CACHE") is { Length: > 0 } c
        ? c
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "denoiseapi");

    /// <summary>The node_modules folder holding <paramref name="packages"/> (exact versions), installed on first use.</summary>
    public static string NodeModules(params string[] packages)
    {
        var prefix = Path.Combine(Root, "tools", string.Join('+', packages.Select(p => p.TrimStart('@').Replace('@', '-').Replace('/', '-'))));
        var modules = Path.Combine(prefix, "node_modules");
        var marker = Path.Combine(prefix, ".installed");
        if (File.Exists(marker)) return modules;
        var npm = Executables.Find("npm") ?? throw new InvalidOperationException("npm is not installed (scripts/setup.sh needs it too).");
        Directory.CreateDirectory(prefix);
        var result = Executables.Run(npm, ["install", "--silent", "--no-audit", "--no-fund", "--prefix", prefix, .. packages], TimeSpan.FromMinutes(5), prefix);
        if (result.ExitCode != 0) throw new InvalidOperationException($"npm install {string.Join(' ', packages)} failed: {result.StandardError}");
        File.WriteAllText(marker, string.Join('\n', packages));
        return modules;
    }
}
