using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Docker;

/// <summary>compose.yaml builds the CPU image, mounts models read-only where the image reads them, and wires the collector.</summary>
public sealed class ComposeTests
{
    private static readonly Dictionary<string, object?> Compose = ComposeFile.Load();

    private static Dictionary<string, object?> Service => Compose.MapAt("services.denoiseapi");

    [Fact]
    public void ServiceBuildsTheCpuDockerfileFromTheRepositoryRoot()
    {
        var context = Path.GetFullPath(Path.Combine(RepoPaths.Docker, Service.StringAt("build.context")));
        Assert.Equal(RepoPaths.Root.TrimEnd('/'), context.TrimEnd('/'));
        Assert.Equal("deploy/docker/Dockerfile", Service.StringAt("build.dockerfile"));
        Assert.Contains("8080", Service.ListAt("ports").OfType<string>().Single().Split(':').Last(), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsAreMountedReadOnlyWhereTheServiceReadsThem()
    {
        var env = Service.MapAt("environment");
        var volume = Service.ListAt("volumes").Maps().Single(v => v.StringAt("target") == env["Models__Root"] as string);
        Assert.True(volume.BoolAt("read_only"));
        Assert.True(Service.BoolAt("read_only"));
        Assert.Contains(Service.ListAt("volumes").Maps(), v => v.StringAt("target") == "/tmp" && v.StringAt("type") == "tmpfs");
        Assert.NotEqual("0", Service.StringAt("user").Split(':')[0]);
    }

    [Fact]
    public void EnvironmentIsMadeOfTheServicesOwnSettings()
    {
        var env = ComposeFile.ServiceEnvironment();
        Assert.Empty(ServiceSettings.Problems(env));
    }

    [Fact]
    public void TelemetryProfileRunsACollectorReceivingOtlpWithAConfigInTheRepository()
    {
        var collector = Compose.MapAt("services.otel-collector");
        Assert.Equal(["telemetry"], collector.ListAt("profiles").OfType<string>());
        var configMount = collector.ListAt("volumes").Maps().Single();
        var config = YamlTree.LoadMap(Path.Combine(RepoPaths.Docker, configMount.StringAt("source")));
        Assert.Contains("--config=" + configMount.StringAt("target"), collector.ListAt("command").OfType<string>());
        Assert.Equal("0.0.0.0:4317", config.StringAt("receivers.otlp.protocols.grpc.endpoint"));
        Assert.Contains("otlp", config.ListAt("service.pipelines.metrics.receivers").OfType<string>());
    }
}
