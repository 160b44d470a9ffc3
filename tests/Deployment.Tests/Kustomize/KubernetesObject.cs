namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>Identity and accessors for one rendered Kubernetes object (a YAML mapping).</summary>
internal static class KubernetesObject
{
    /// <summary>Kinds without a namespace among those kustomize's namespace transformer leaves alone.</summary>
    private static readonly HashSet<string> ClusterScopedKinds = new(StringComparer.Ordinal)
    {
        "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
        "StorageClass", "PriorityClass", "RuntimeClass", "GatewayClass", "IngressClass",
    };

    public static string Kind(this Dictionary<string, object?> obj) => obj.GetValueOrDefault("kind") as string ?? "";

    public static string ApiVersion(this Dictionary<string, object?> obj) => obj.GetValueOrDefault("apiVersion") as string ?? "";

    /// <summary>The API group: the part of apiVersion before '/', empty for the core group.</summary>
    public static string Group(this Dictionary<string, object?> obj) =>
        obj.ApiVersion().Contains('/', StringComparison.Ordinal) ? obj.ApiVersion().Split('/')[0] : "";

    public static string Name(this Dictionary<string, object?> obj) =>
        (obj.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("name") as string ?? "";

    public static string? Namespace(this Dictionary<string, object?> obj) =>
        (obj.GetValueOrDefault("metadata") as Dictionary<string, object?>)?.GetValueOrDefault("namespace") as string;

    public static bool IsClusterScoped(this Dictionary<string, object?> obj) => ClusterScopedKinds.Contains(obj.Kind());

    /// <summary>"group/Kind/namespace/name", unique within one rendering.</summary>
    public static string Id(this Dictionary<string, object?> obj) => $"{obj.Group()}/{obj.Kind()}/{obj.Namespace()}/{obj.Name()}";

    /// <summary>The pod template's spec of a workload, or null for other kinds.</summary>
    public static Dictionary<string, object?>? PodSpec(this Dictionary<string, object?> obj) => obj.Kind() switch
    {
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" =>
            (((obj.GetValueOrDefault("spec") as Dictionary<string, object?>)?.GetValueOrDefault("template") as Dictionary<string, object?>)
                ?.GetValueOrDefault("spec")) as Dictionary<string, object?>,
        "Pod" => obj.GetValueOrDefault("spec") as Dictionary<string, object?>,
        _ => null,
    };
}
