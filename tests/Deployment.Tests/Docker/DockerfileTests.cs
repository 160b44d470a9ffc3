using System.Text.RegularExpressions;
using System.Xml.Linq;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Docker;

/// <summary>The Dockerfiles against the service (its projects, options and port) and against scripts/setup.sh.</summary>
public sealed partial class DockerfileTests
{
    private static readonly DockerfileModel Cpu = DockerfileModel.Load(Path.Combine(RepoPaths.Docker, "Dockerfile"));
    private static readonly DockerfileModel Gpu = DockerfileModel.Load(Path.Combine(RepoPaths.Docker, "Dockerfile.gpu"));

    public static TheoryData<string> Dockerfiles => ["Dockerfile", "Dockerfile.gpu"];

    private static DockerfileModel Load(string name) => name == "Dockerfile" ? Cpu : Gpu;

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void ImageRunsAsANumericNonRootUserAndListensWhereItExposes(string name)
    {
        var image = Load(name).Final;
        var user = image.Last("USER")!.Arguments.Split(':')[0];
        Assert.True(int.TryParse(user, out var uid) && uid > 0, $"USER '{user}' must be a numeric non-root id (Kubernetes checks runAsNonRoot by number)");

        var env = image.Environment();
        var port = Manifests.Rendered.PortOfUrls(env["ASPNETCORE_URLS"]!);
        Assert.Equal(8080, port);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), image.Last("EXPOSE")!.Arguments);
        Assert.Equal(env["HEALTHCHECK_PORT"], image.Last("EXPOSE")!.Arguments);
        Assert.Equal("""["dotnet", "DenoiseApi.dll"]""", image.Last("ENTRYPOINT")!.Arguments);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void HealthcheckAsksForReadinessWithTheShippedProbeScript(string name)
    {
        var image = Load(name).Final;
        var healthcheck = image.Last("HEALTHCHECK")!.Arguments;
        Assert.Contains("\"/health/ready\"", healthcheck, StringComparison.Ordinal);
        var probe = CommandOf(healthcheck);
        var copy = image.All("COPY").Single(c => c.Arguments.EndsWith(" /usr/local/bin/" + probe, StringComparison.Ordinal));
        Assert.Contains("deploy/docker/healthcheck.sh", copy.Arguments, StringComparison.Ordinal);
        Assert.Contains("--chmod=0755", copy.Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void RestoreLayerHoldsEveryProjectTheServiceReferences(string name)
    {
        var build = Load(name).Stage("build");
        var restoreIndex = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreIndex > 0, "the build stage restores in its own layer");
        var copiedBeforeRestore = build.Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY")
            .SelectMany(i => DockerfileModel.Words(i.Arguments).SkipLast(1)).ToHashSet(StringComparer.Ordinal);
        foreach (var project in ProjectClosure(RepoPaths.InRoot("src", "DenoiseApi", "DenoiseApi.csproj")))
            Assert.Contains(Path.GetRelativePath(RepoPaths.Root, project).Replace('\\', '/'), copiedBeforeRestore);
        foreach (var file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
            Assert.Contains(file, copiedBeforeRestore);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void BuildStageCopiesEveryFileTheServiceProjectsPullIn(string name)
    {
        // Items such as <Compile Include="..\Shared\*.cs" /> would reach outside their project folder.
        var copied = Load(name).Stage("build").ContextSources().Select(s => Path.GetFullPath(RepoPaths.InRoot(s.TrimEnd('/')))).ToList();
        foreach (var project in ProjectClosure(RepoPaths.InRoot("src", "DenoiseApi", "DenoiseApi.csproj")))
        {
            var folder = Path.GetDirectoryName(project)!;
            foreach (var item in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName is "Compile" or "Content" or "None" or "EmbeddedResource"))
            {
                if (item.Attribute("Include")?.Value is not { } include) continue;
                var path = Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar)));
                var fixedPart = path[..(path.IndexOfAny(['*', '?']) is var wildcard and >= 0 ? wildcard : path.Length)];
                Assert.True(copied.Any(c => fixedPart.StartsWith(c + Path.DirectorySeparatorChar, StringComparison.Ordinal) || fixedPart == c),
                    $"{Path.GetFileName(project)} includes {include}, which the build stage of {name} does not copy");
            }
        }
    }

    [Fact]
    public void BothImagesRestoreAndPublishTheServiceTheSameWayButForTheOrtFlavor()
    {
        foreach (var command in new Func<DockerfileModel, string>[] { PublishCommand, RestoreCommand })
        {
            var cpu = command(Cpu);
            var gpu = command(Gpu);
            Assert.EndsWith(" -p:OrtFlavor=Cpu", cpu, StringComparison.Ordinal);
            Assert.EndsWith(" -p:OrtFlavor=Gpu", gpu, StringComparison.Ordinal);
            Assert.Equal(cpu[..^" -p:OrtFlavor=Cpu".Length], gpu[..^" -p:OrtFlavor=Gpu".Length]);
        }
        Assert.StartsWith("dotnet publish src/DenoiseApi -c Release -o /app", PublishCommand(Cpu), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void OnnxRuntimeComesWithThePublishedServiceFromNuGetOnly(string name)
    {
        // The native library is in the publish output (the package's runtimes/linux-x64/native/): nothing is fetched
        // beside it, and nothing points the service at another library.
        var dockerfile = Load(name);
        Assert.DoesNotContain(dockerfile.Stages.SelectMany(s => s.All("RUN")), r => r.Arguments.Contains("npm ", StringComparison.Ordinal) || r.Arguments.Contains("curl ", StringComparison.Ordinal));
        Assert.DoesNotContain(dockerfile.Final.Environment().Keys, k => k.StartsWith("OnnxRuntime__", StringComparison.Ordinal));
        Assert.Contains(dockerfile.Final.All("COPY"), c => c.Arguments == "--from=build /app ./");
        Assert.Equal("/app/models", dockerfile.Final.Environment()["Models__Root"]);
        Assert.Contains(dockerfile.Final.All("COPY"), c => c.Arguments == "models/ /app/models/");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void BaseImagesAreBuildArgumentsDefaultingToTheOfficialImages(string name)
    {
        var dockerfile = Load(name);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.ArgDefault("SDK_IMAGE"));
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.ArgDefault("RUNTIME_IMAGE"));
        Assert.Equal("${SDK_IMAGE}", dockerfile.Stage("build").BaseImage);
        Assert.Contains(dockerfile.Stages, s => s.BaseImage == "${RUNTIME_IMAGE}");
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void ImageEnvironmentIsMadeOfTheServicesOwnSettings(string name)
    {
        var problems = ServiceSettings.Problems(Load(name).Final.Environment());
        Assert.Empty(problems);
    }

    [Fact]
    public void GpuImageIsTheGpuBuildOnACuda13CudnnRuntimeBaseWithCudaTurnedOn()
    {
        // Microsoft.ML.OnnxRuntime.Gpu.Linux 1.32.0's CUDA provider links CUDA 13 and loads cuDNN 9.
        Assert.Matches(@"^nvidia/cuda:13\.[0-9.]+-cudnn-runtime-ubuntu24\.04$", Gpu.ArgDefault("CUDA_IMAGE"));
        Assert.Equal("${CUDA_IMAGE}", Gpu.Final.BaseImage);
        Assert.Contains(" -p:OrtFlavor=Gpu", PublishCommand(Gpu), StringComparison.Ordinal);
        Assert.Equal("Cuda", Gpu.Final.Environment()["Models__Defaults__Provider"]);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void IgnoreFileLetsInEverythingTheDockerfileCopiesFromTheContext(string name)
    {
        var ignore = File.ReadAllLines(Path.Combine(RepoPaths.Docker, name + ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("*", ignore[0]);
        var allowed = ignore.Where(l => l.StartsWith('!')).Select(l => l[1..].TrimEnd('/')).ToList();
        foreach (var source in Load(name).Stages.SelectMany(s => s.ContextSources()).Select(s => s.TrimEnd('/')))
        {
            Assert.Contains(allowed, a => source == a || source.StartsWith(a + "/", StringComparison.Ordinal));
            Assert.True(File.Exists(RepoPaths.InRoot(source)) || Directory.Exists(RepoPaths.InRoot(source)), $"{name} copies {source}, which is not in the repository");
        }
    }

    private static string CommandOf(string healthcheck)
    {
        var cmd = healthcheck[(healthcheck.IndexOf("CMD", StringComparison.Ordinal) + 3)..].Trim();
        return cmd.TrimStart('[').Split(',')[0].Trim().Trim('"');
    }

    private static string PublishCommand(DockerfileModel dockerfile) =>
        dockerfile.Stage("build").All("RUN").Single(r => r.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal)).Arguments;

    private static string RestoreCommand(DockerfileModel dockerfile) =>
        dockerfile.Stage("build").All("RUN").Single(r => r.Arguments.StartsWith("dotnet restore", StringComparison.Ordinal)).Arguments;

    /// <summary>The transitive ProjectReference closure of a project, itself included.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current)) continue;
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }
        return seen;
    }
}
