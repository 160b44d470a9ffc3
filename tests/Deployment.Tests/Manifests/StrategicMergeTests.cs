using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>The renderer's strategic merge follows Kubernetes' rules on the shapes the overlays patch.</summary>
public sealed class StrategicMergeTests
{
    private static Dictionary<string, object?> Yaml(string text) => (Dictionary<string, object?>)YamlTree.Parse(text).Single()!;

    private const string Base = """
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers:
                - name: a
                  image: a:1
                  volumeMounts: [{name: tmp, mountPath: /tmp}]
                  resources: {limits: {cpu: "1"}}
                - name: b
                  image: b:1
              tolerations: [{key: x, operator: Exists}]
        """;

    [Fact]
    public void ContainersMergeByNameAndTheirMountsByPath()
    {
        var merged = StrategicMerge.Apply(Yaml(Base), Yaml("""
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers:
                    - name: a
                      volumeMounts: [{name: models, mountPath: /app/models}]
                      resources: {limits: {memory: 1Gi}}
            """));
        var containers = merged.ListAt("spec.template.spec.containers").Maps().ToList();
        Assert.Equal(["a", "b"], containers.Select(c => c.StringAt("name")));
        Assert.Equal("a:1", containers[0].StringAt("image"));
        Assert.Equal(["/tmp", "/app/models"], containers[0].ListAt("volumeMounts").Maps().Select(m => m.StringAt("mountPath")));
        Assert.Equal("1", containers[0].StringAt("resources.limits.cpu"));
        Assert.Equal("1Gi", containers[0].StringAt("resources.limits.memory"));
    }

    [Fact]
    public void ListsWithoutAMergeKeyAreReplacedAndNullDeletes()
    {
        var merged = StrategicMerge.Apply(Yaml(Base), Yaml("""
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  tolerations: [{key: y, operator: Exists}]
                  containers:
                    - name: b
                      image: null
            """));
        Assert.Equal(["y"], merged.ListAt("spec.template.spec.tolerations").Maps().Select(t => t.StringAt("key")));
        Assert.Null(merged.ListAt("spec.template.spec.containers").Maps().Single(c => c.StringAt("name") == "b").At("image"));
    }

    [Fact]
    public void PatchDirectivesAreRefusedRatherThanIgnored()
    {
        Assert.Throws<NotSupportedException>(() => StrategicMerge.Apply(Yaml(Base), Yaml("""
            kind: Deployment
            metadata: {name: d}
            spec: {template: {spec: {$patch: replace}}}
            """)));
    }

    [Fact]
    public void ImageReferencesSplitTagFromRegistryPort()
    {
        Assert.Equal(("registry:5000/team/denoiseapi", "cpu", null), ImageReference.Split("registry:5000/team/denoiseapi:cpu"));
        Assert.Equal(("registry:5000/denoiseapi", null, "sha256:ab"), ImageReference.Split("registry:5000/denoiseapi@sha256:ab"));
        Assert.Equal(("denoiseapi", null, null), ImageReference.Split("denoiseapi"));
    }
}
