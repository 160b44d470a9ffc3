using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>yamllint (Debian package; scripts/install-deps.sh installs it) passes on every YAML file under deploy/.</summary>
public sealed class YamlLintTests
{
    [Fact]
    public void EveryYamlFileUnderDeployPassesYamllintStrict()
    {
        var yamllint = Executables.Find("yamllint");
        Assert.True(yamllint is not null, "yamllint is not installed (apt-get install yamllint, or scripts/install-deps.sh)");
        var files = Directory.EnumerateFiles(RepoPaths.Deploy, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal)).ToList();
        Assert.True(files.Count >= 15, $"expected the deploy/ YAML files, found {files.Count}");
        var result = Executables.Run(yamllint!, ["--strict", "--format", "parsable", "-c", Path.Combine(RepoPaths.Deploy, ".yamllint.yaml"), .. files], TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public void YamllintWouldCatchABadFile()
    {
        var yamllint = Executables.Find("yamllint");
        Assert.True(yamllint is not null, "yamllint is not installed");
        var bad = Path.Combine(Path.GetTempPath(), $"denoiseapi-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(bad, "key: value\nkey: again\nlist:\n- a\n  - b\n");
        try
        {
            var result = Executables.Run(yamllint!, ["--strict", "-c", Path.Combine(RepoPaths.Deploy, ".yamllint.yaml"), bad], TimeSpan.FromMinutes(1));
            Assert.NotEqual(0, result.ExitCode);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
