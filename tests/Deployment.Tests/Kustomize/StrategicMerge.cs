namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>
/// Kubernetes strategic merge patch on plain YAML trees, for the fields these manifests patch: mappings merge
/// recursively (a null value deletes the key), lists with a Kubernetes merge key (containers by name, volumeMounts by
/// mountPath, ...) merge element by element, every other list is replaced. Patch directives (<c>$patch</c>,
/// <c>$setElementOrder</c>, ...) are not supported and throw.
/// </summary>
internal static class StrategicMerge
{
    /// <summary>The merge key of each list field that Kubernetes merges by key (its OpenAPI x-kubernetes-patch-merge-key).</summary>
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["topologySpreadConstraints"] = "topologyKey",
        ["resourceClaims"] = "name",
    };

    /// <summary>The merge key of <paramref name="field"/> inside a mapping of kind <paramref name="kind"/>, or null when the list is replaced.</summary>
    public static string? MergeKeyOf(string field, string kind, bool insideContainer) => field switch
    {
        // Container ports merge by containerPort, Service ports by port.
        "ports" when insideContainer => "containerPort",
        "ports" when kind == "Service" => "port",
        _ => MergeKeys.GetValueOrDefault(field),
    };

    /// <summary>A new tree: <paramref name="target"/> with <paramref name="patch"/> applied.</summary>
    public static Dictionary<string, object?> Apply(Dictionary<string, object?> target, Dictionary<string, object?> patch)
    {
        var kind = target.TryGetValue("kind", out var k) ? k as string ?? "" : "";
        return MergeMap((Dictionary<string, object?>)Support.YamlTree.Clone(target)!, patch, kind, insideContainer: false);
    }

    private static Dictionary<string, object?> MergeMap(Dictionary<string, object?> target, Dictionary<string, object?> patch, string kind, bool insideContainer)
    {
        foreach (var (key, patchValue) in patch)
        {
            if (key.StartsWith('$')) throw new NotSupportedException($"Strategic merge directive '{key}' is not supported by this renderer.");
            if (patchValue is null)
            {
                target.Remove(key);
                continue;
            }
            target.TryGetValue(key, out var current);
            var childInsideContainer = insideContainer || key is "containers" or "initContainers" or "ephemeralContainers";
            target[key] = (current, patchValue) switch
            {
                (Dictionary<string, object?> c, Dictionary<string, object?> p) => MergeMap(c, p, kind, childInsideContainer),
                (List<object?> c, List<object?> p) when MergeKeyOf(key, kind, insideContainer) is { } mergeKey =>
                    MergeList(c, p, mergeKey, kind, childInsideContainer),
                _ => Support.YamlTree.Clone(patchValue),
            };
        }
        return target;
    }

    private static List<object?> MergeList(List<object?> target, List<object?> patch, string mergeKey, string kind, bool insideContainer)
    {
        foreach (var item in patch)
        {
            if (item is not Dictionary<string, object?> patchItem || !patchItem.TryGetValue(mergeKey, out var keyValue))
                throw new NotSupportedException($"A patch element of a list merged by '{mergeKey}' lacks that key.");
            var existing = target.OfType<Dictionary<string, object?>>()
                .FirstOrDefault(t => Equals(t.GetValueOrDefault(mergeKey), keyValue));
            if (existing is null)
            {
                target.Add(Support.YamlTree.Clone(patchItem));
                continue;
            }
            var index = target.IndexOf(existing);
            target[index] = MergeMap(existing, patchItem, kind, insideContainer);
        }
        return target;
    }
}
