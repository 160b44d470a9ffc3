using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>Every kustomization renders (with kubectl kustomize) into the objects an operator expects.</summary>
public sealed class OverlayRenderingTests
{
    public static TheoryData<string> Overlays => [.. Rendered.Overlays];

    [Theory]
    [MemberData(nameof(Overlays))]
    public void OverlayRendersTheServicesObjectsIntoOneNamespace(string overlay)
    {
        var objects = Rendered.Of(overlay);
        foreach (var kind in new[] { "Namespace", "ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget" })
            Assert.Single(objects, o => o.Kind() == kind);
        var ns = objects.Single(o => o.Kind() == "Namespace").Name();
        Assert.All(objects.Where(o => !o.IsClusterScoped()), o => Assert.Equal(ns, o.Namespace()));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void EveryReferenceInsideTheOverlayResolves(string overlay)
    {
        var objects = Rendered.Of(overlay);
        bool Has(string kind, string name) => objects.Any(o => o.Kind() == kind && o.Name() == name);
        var pod = Rendered.Deployment(overlay).PodSpec()!;
        foreach (var envFrom in Rendered.Container(overlay).ListAt("envFrom").Maps())
            Assert.True(Has("ConfigMap", envFrom.StringAt("configMapRef.name")), $"envFrom names a missing ConfigMap in {overlay}");
        foreach (var volume in pod.ListAt("volumes").Maps().Where(v => v.At("persistentVolumeClaim") is not null))
            Assert.True(Has("PersistentVolumeClaim", volume.StringAt("persistentVolumeClaim.claimName")));
        var mounts = Rendered.Container(overlay).ListAt("volumeMounts").Maps().Select(m => m.StringAt("name"));
        var volumes = pod.ListAt("volumes").Maps().Select(v => v.StringAt("name")).ToHashSet();
        Assert.All(mounts, m => Assert.Contains(m, volumes));
    }

    [Fact]
    public void GatewayExampleRendersARouteAndItsSizePolicy()
    {
        var objects = Rendered.Of("gateway");
        Assert.Single(objects, o => o.Kind() == "HTTPRoute");
        Assert.Single(objects, o => o.Kind() == "BackendTrafficPolicy");
    }
}
