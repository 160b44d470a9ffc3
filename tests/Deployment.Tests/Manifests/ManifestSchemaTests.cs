using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>
/// What <c>kubectl kustomize</c> renders for every kustomization passes the Kubernetes API schemas, offline
/// (kubectl's own validation needs a cluster to fetch them from): validate-manifests.mjs runs the ajv validators that
/// kubernetes-models generates from the Kubernetes OpenAPI spec (types, required fields, enums, formats; unknown
/// fields are not flagged), and @kubernetes-models/gateway-api's for the HTTPRoute.
/// </summary>
public sealed class ManifestSchemaTests
{
    private static readonly string[] Packages = ["kubernetes-models@5.1.0", "@kubernetes-models/gateway-api@2.0.0", "yaml@2.9.1"];

    /// <summary>Kinds no package here has a schema for: Envoy Gateway's request-size policy (a CRD).</summary>
    private static readonly string[] Unchecked = ["gateway.envoyproxy.io/v1alpha1 BackendTrafficPolicy"];

    private static readonly Lazy<string> NodeModules = new(() => ToolCache.NodeModules(Packages));

    public static TheoryData<string> Kustomizations => [.. Rendered.AllKustomizations];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void RenderedObjectsPassTheKubernetesSchemas(string kustomization)
    {
        var rendered = Path.Combine(Path.GetTempPath(), $"denoiseapi-rendered-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(rendered, Kubectl.KustomizeText(Path.Combine(RepoPaths.Kubernetes, kustomization)));
        try
        {
            var result = Validate(rendered);
            var verdicts = Verdicts(result);
            Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
            Assert.Equal(Rendered.Of(kustomization).Count, verdicts.Count);
            Assert.All(verdicts.Where(v => v.Verdict != "ok"), v => Assert.Contains($"{v.ApiVersion} {v.Kind}", Unchecked));
        }
        finally
        {
            File.Delete(rendered);
        }
    }

    [Fact]
    public void ValidatorRejectsADeploymentWithWrongTypesAndMissingFields()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"denoiseapi-broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(broken, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken}
            spec:
              replicas: two
              selector: {matchLabels: {app: x}}
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers:
                    - image: x
                      ports: [{containerPort: http}]
            """);
        try
        {
            var result = Validate(broken);
            Assert.Equal(1, result.ExitCode);
            var verdict = Assert.Single(Verdicts(result));
            Assert.Equal("invalid", verdict.Verdict);
            Assert.Contains("replicas must be integer", verdict.Detail, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private sealed record ObjectVerdict(string ApiVersion, string Kind, string Name, string Verdict, string Detail);

    private static Executables.Result Validate(string file)
    {
        var node = Executables.Find("node") ?? throw new InvalidOperationException("node is not installed (scripts/setup.sh needs it too).");
        var script = Path.Combine(AppContext.BaseDirectory, "Manifests", "validate-manifests.mjs");
        return Executables.Run(node, [script, NodeModules.Value, file], TimeSpan.FromMinutes(2));
    }

    private static List<ObjectVerdict> Verdicts(Executables.Result result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(f => new ObjectVerdict(f[1], f[2], f[3], f[4], f[5]))
            .ToList();
}
