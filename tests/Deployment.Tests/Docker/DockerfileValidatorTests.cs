using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Docker;

/// <summary>
/// The Dockerfiles pass an independent Dockerfile validator: dockerfile-utils (npm, the validator behind the
/// Dockerfile language server), installed once into the setup cache. Without a container engine this is the closest
/// check of instruction syntax, flags and arguments.
/// </summary>
public sealed class DockerfileValidatorTests
{
    private const string Package = "dockerfile-utils@0.16.3";

    private static readonly Lazy<string> NodeModules = new(() => ToolCache.NodeModules(Package));

    [Fact]
    public void BothDockerfilesPassTheValidatorWhichRejectsABrokenOne()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"denoiseapi-broken-{Guid.NewGuid():N}.Dockerfile");
        File.WriteAllText(broken, "FROM debian AS a\nHEALTHCHECK --intervall=10s CMD [\"true\"]\nEXPOSE 80a\n");
        try
        {
            var failed = Validate(broken);
            Assert.NotEqual(0, failed.ExitCode);
            Assert.Contains("intervall", failed.StandardOutput, StringComparison.Ordinal);

            var ours = Validate(Path.Combine(RepoPaths.Docker, "Dockerfile"), Path.Combine(RepoPaths.Docker, "Dockerfile.gpu"));
            Assert.True(ours.ExitCode == 0, ours.StandardOutput + ours.StandardError);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static Executables.Result Validate(params string[] dockerfiles)
    {
        var node = Executables.Find("node") ?? throw new InvalidOperationException("node is not installed (scripts/setup.sh needs it too).");
        var script = Path.Combine(AppContext.BaseDirectory, "Docker", "validate-dockerfiles.js");
        return Executables.Run(node, [script, NodeModules.Value, .. dockerfiles], TimeSpan.FromMinutes(1));
    }
}
