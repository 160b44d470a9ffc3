using System.Collections.Concurrent;
using DenoiseApi.Deployment.Tests.Kustomize;
using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Manifests;

/// <summary>The kustomize renderings the tests read, made once per test run by <c>kubectl kustomize</c>.</summary>
internal static class Rendered
{
    /// <summary>Overlays an operator applies (kubectl apply -k), relative to deploy/k8s.</summary>
    public static readonly string[] Overlays = ["overlays/cpu", "overlays/gpu", "overlays/cpu-models-volume"];

    /// <summary>Every kustomization directory that must render, overlays and the gateway example.</summary>
    public static readonly string[] AllKustomizations = [.. Overlays, "gateway"];

    private static readonly ConcurrentDictionary<string, Lazy<List<Dictionary<string, object?>>>> Cache = new(StringComparer.Ordinal);

    /// <summary>The rendering of a kustomization directory, relative to deploy/k8s (or absolute).</summary>
    public static List<Dictionary<string, object?>> Of(string kustomization) => Cache.GetOrAdd(kustomization,
        k => new Lazy<List<Dictionary<string, object?>>>(() => Kubectl.Kustomize(Path.Combine(RepoPaths.Kubernetes, k)))).Value;

    public static Dictionary<string, object?> Single(string kustomization, string kind) => Of(kustomization).Single(o => o.Kind() == kind);

    public static Dictionary<string, object?> Deployment(string overlay) => Single(overlay, "Deployment");

    /// <summary>The service container of the overlay's Deployment.</summary>
    public static Dictionary<string, object?> Container(string overlay) =>
        Deployment(overlay).PodSpec()!.ListAt("containers").Maps().Single(c => c.StringAt("name") == "denoiseapi");

    /// <summary>The ConfigMap's data: the environment the container gets through envFrom.</summary>
    public static Dictionary<string, string?> Environment(string overlay)
    {
        var container = Container(overlay);
        var configMapNames = container.ListAt("envFrom").Maps().Select(e => e.StringAt("configMapRef.name")).ToHashSet();
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var map in Of(overlay).Where(o => o.Kind() == "ConfigMap" && configMapNames.Contains(o.Name())))
        {
            foreach (var (key, value) in map.MapAt("data")) env[key] = value as string;
        }
        if (container.At("env") is List<object?> direct)
        {
            foreach (var item in direct.Maps()) env[item.StringAt("name")] = item.At("value") as string;
        }
        return env;
    }

    /// <summary>The TCP port of an http://host:port URL list such as ASPNETCORE_URLS.</summary>
    public static int PortOfUrls(string urls)
    {
        var first = urls.Split(';')[0].Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal);
        return new Uri(first).Port;
    }
}
