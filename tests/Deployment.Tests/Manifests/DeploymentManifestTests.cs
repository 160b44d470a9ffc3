using System.Globalization;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;
using DenoiseApi.Options;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>The rendered Deployment of each overlay against the service's routes, port, limits and security needs.</summary>
public sealed class DeploymentManifestTests
{
    public static TheoryData<string> Overlays => [.. Rendered.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ProbesAskTheServicesHealthRoutesOnItsListeningPort(string overlay)
    {
        var container = Rendered.Container(overlay);
        var port = container.ListAt("ports").Maps().Single(p => p.StringAt("name") == "http");
        var listening = Rendered.PortOfUrls(Rendered.Environment(overlay)["ASPNETCORE_URLS"]!);
        Assert.Equal(listening, (int)port.LongAt("containerPort"));

        Assert.Equal("/health/ready", container.StringAt("readinessProbe.httpGet.path"));
        Assert.Equal("/health/ready", container.StringAt("startupProbe.httpGet.path"));
        Assert.Equal("/health/live", container.StringAt("livenessProbe.httpGet.path"));
        foreach (var probe in new[] { "readinessProbe", "startupProbe", "livenessProbe" })
            Assert.Equal("http", container.StringAt($"{probe}.httpGet.port"));

        var annotations = Rendered.Deployment(overlay).MapAt("spec.template.metadata.annotations");
        Assert.Equal(listening.ToString(CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ServiceSendsItsPortToTheContainersHttpPortAndSelectsThePods(string overlay)
    {
        var service = Rendered.Single(overlay, "Service");
        var servicePort = service.ListAt("spec.ports").Maps().Single();
        Assert.Equal("http", servicePort.StringAt("targetPort"));

        var podLabels = Rendered.Deployment(overlay).MapAt("spec.template.metadata.labels");
        var selector = service.MapAt("spec.selector");
        Assert.NotEmpty(selector);
        Assert.All(selector, kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
        var deploymentSelector = Rendered.Deployment(overlay).MapAt("spec.selector.matchLabels");
        Assert.All(deploymentSelector, kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ContainerRunsAsNonRootOnAReadOnlyRootWithAWritableTmp(string overlay)
    {
        var pod = Rendered.Deployment(overlay).PodSpec()!;
        var container = Rendered.Container(overlay);
        Assert.True(pod.BoolAt("securityContext.runAsNonRoot"));
        Assert.NotEqual(0, pod.LongAt("securityContext.runAsUser"));
        Assert.True(container.BoolAt("securityContext.runAsNonRoot"));
        Assert.True(container.BoolAt("securityContext.readOnlyRootFilesystem"));
        Assert.False(container.BoolAt("securityContext.allowPrivilegeEscalation"));
        Assert.Contains("ALL", container.ListAt("securityContext.capabilities.drop"));
        Assert.Equal("RuntimeDefault", pod.StringAt("securityContext.seccompProfile.type"));
        Assert.Equal("false", pod.StringAt("automountServiceAccountToken"));

        var tmpMount = container.ListAt("volumeMounts").Maps().Single(m => m.StringAt("mountPath") == "/tmp");
        var tmpVolume = pod.ListAt("volumes").Maps().Single(v => v.StringAt("name") == tmpMount.StringAt("name"));
        Assert.NotNull(tmpVolume.At("emptyDir"));
        Assert.NotEqual("true", tmpMount.At("readOnly") as string);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void CpuAndMemoryAreRequestedAndLimitedWithRequestsWithinLimits(string overlay)
    {
        var resources = Rendered.Container(overlay).MapAt("resources");
        foreach (var resource in new[] { "cpu", "memory" })
        {
            var request = Quantity.Parse(resources.StringAt($"requests.{resource}"));
            var limit = Quantity.Parse(resources.StringAt($"limits.{resource}"));
            Assert.True(request > 0, $"{resource} request must be positive");
            Assert.True(request <= limit, $"{resource} request {request} exceeds its limit {limit}");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void GracePeriodOutlastsThePreStopDelayPlusTheLongestRequestDeadline(string overlay)
    {
        var env = Rendered.Environment(overlay);
        var deadlineMs = env.TryGetValue("Limits__RequestDeadlineMilliseconds", out var configured) && configured is not null
            ? int.Parse(configured, CultureInfo.InvariantCulture)
            : new LimitsOptions().RequestDeadlineMilliseconds;
        var preStopSeconds = Rendered.Container(overlay).LongAt("lifecycle.preStop.sleep.seconds");
        var grace = Rendered.Deployment(overlay).PodSpec()!.LongAt("terminationGracePeriodSeconds");
        Assert.True(preStopSeconds > 0, "a preStop delay lets endpoints drop the pod before SIGTERM");
        Assert.True(grace > preStopSeconds + (deadlineMs / 1000.0),
            $"terminationGracePeriodSeconds {grace} must exceed preStop {preStopSeconds} s + request deadline {deadlineMs} ms");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void RolloutsAddANewPodBeforeRemovingAnOldOne(string overlay)
    {
        var strategy = Rendered.Deployment(overlay).MapAt("spec.strategy");
        Assert.Equal("RollingUpdate", strategy.StringAt("type"));
        Assert.Equal("0", strategy.StringAt("rollingUpdate.maxUnavailable"));
        Assert.NotEqual("0", strategy.StringAt("rollingUpdate.maxSurge"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void AutoscalerTargetsTheDeploymentAndTheBudgetAllowsEvictions(string overlay)
    {
        var deployment = Rendered.Deployment(overlay);
        var hpa = Rendered.Single(overlay, "HorizontalPodAutoscaler");
        Assert.Equal("Deployment", hpa.StringAt("spec.scaleTargetRef.kind"));
        Assert.Equal(deployment.Name(), hpa.StringAt("spec.scaleTargetRef.name"));
        var min = hpa.LongAt("spec.minReplicas");
        Assert.True(min <= hpa.LongAt("spec.maxReplicas"));
        var cpu = hpa.ListAt("spec.metrics").Maps().Single(m => m.At("resource.name") as string == "cpu");
        Assert.InRange(cpu.LongAt("resource.target.averageUtilization"), 1, 100);

        var pdb = Rendered.Single(overlay, "PodDisruptionBudget");
        Assert.True(pdb.LongAt("spec.minAvailable") < min, "with minAvailable below minReplicas a node drain can evict a pod");
        var podLabels = deployment.MapAt("spec.template.metadata.labels");
        Assert.All(pdb.MapAt("spec.selector.matchLabels"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void OnlyTheGatewayAndPrometheusReachThePodsAndOnlyTheGatewaysForwardedHeadersAreBelieved(string overlay)
    {
        var podLabels = Rendered.Deployment(overlay).MapAt("spec.template.metadata.labels");
        var policy = Rendered.Single(overlay, "NetworkPolicy");
        Assert.All(policy.MapAt("spec.podSelector.matchLabels"), kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
        var rule = Assert.Single(policy.ListAt("spec.ingress").Maps());
        var namespaces = rule.ListAt("from").Maps().Select(f => f.MapAt("namespaceSelector.matchLabels")["kubernetes.io/metadata.name"] as string).ToList();
        Assert.Equal(["gateway-system", "monitoring"], namespaces);

        var environment = Rendered.Environment(overlay);
        Assert.False(environment.ContainsKey("ASPNETCORE_FORWARDEDHEADERS_ENABLED"), "that setting believes X-Forwarded-For from anyone");
        Assert.True(environment.ContainsKey("TrustedProxies__Networks__0"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void ConfigMapSettingsAreTheServicesOwnAndPassItsValidation(string overlay)
    {
        var problems = ServiceSettings.Problems(Rendered.Environment(overlay));
        Assert.Empty(problems);
    }

    [Fact]
    public void GpuOverlayAsksForOneGpuOnGpuNodesAndTurnsOnCuda()
    {
        const string gpu = "overlays/gpu";
        var pod = Rendered.Deployment(gpu).PodSpec()!;
        // "nvidia.com/gpu" has dots, so it is read from the limits mapping rather than by a dotted path.
        Assert.Equal("1", Rendered.Container(gpu).MapAt("resources.limits")["nvidia.com/gpu"] as string);
        Assert.NotEmpty(pod.MapAt("nodeSelector"));
        Assert.Contains(pod.ListAt("tolerations").Maps(), t => t.StringAt("key") == "nvidia.com/gpu");
        Assert.EndsWith(":gpu", Rendered.Container(gpu).StringAt("image"), StringComparison.Ordinal);

        var env = Rendered.Environment(gpu);
        Assert.Equal("Cuda", env["Models__Defaults__Provider"]);
        Assert.Equal("0", env["Models__Defaults__CudaDeviceId"]);
    }

    [Fact]
    public void CpuOverlayNeitherAsksForAGpuNorForCuda()
    {
        const string cpu = "overlays/cpu";
        Assert.DoesNotContain("nvidia.com/gpu", Rendered.Container(cpu).MapAt("resources.limits").Keys);
        Assert.Null(Rendered.Deployment(cpu).PodSpec()!.At("nodeSelector"));
        Assert.Equal("Cpu", Rendered.Environment(cpu)["Models__Defaults__Provider"]);
        Assert.EndsWith(":cpu", Rendered.Container(cpu).StringAt("image"), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsVolumeOverlayMountsTheClaimReadOnlyWhereTheServiceReadsModels()
    {
        const string overlay = "overlays/cpu-models-volume";
        var container = Rendered.Container(overlay);
        var modelsRoot = Rendered.Environment(overlay)["Models__Root"];
        var mount = container.ListAt("volumeMounts").Maps().Single(m => m.StringAt("mountPath") == modelsRoot);
        Assert.True(mount.BoolAt("readOnly"));
        var volume = Rendered.Deployment(overlay).PodSpec()!.ListAt("volumes").Maps().Single(v => v.StringAt("name") == mount.StringAt("name"));
        var claim = volume.StringAt("persistentVolumeClaim.claimName");
        Assert.Contains(Rendered.Of(overlay), o => o.Kind() == "PersistentVolumeClaim" && o.Name() == claim);
        // The base's writable /tmp survives the merge of the component's mounts.
        Assert.Contains(container.ListAt("volumeMounts").Maps(), m => m.StringAt("mountPath") == "/tmp");
    }
}
