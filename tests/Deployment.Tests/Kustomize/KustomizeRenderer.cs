using DenoiseApi.Deployment.Tests.Support;

namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>
/// Renders a kustomization directory the way <c>kustomize build</c> does, for the features deploy/k8s uses:
/// <c>resources</c> (files and directories), <c>components</c>, <c>patches</c> (strategic merge, from a file or
/// inline, matched by the patch's kind and name or by an explicit target), <c>namespace</c> and <c>images</c>.
/// Any other field is refused, so a manifest change that needs more is noticed here rather than silently ignored.
/// </summary>
internal static class KustomizeRenderer
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "resources", "components", "patches", "namespace", "images",
    };

    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    public static List<Dictionary<string, object?>> Render(string directory) => Build(Path.GetFullPath(directory), expectComponent: false);

    private static List<Dictionary<string, object?>> Build(string directory, bool expectComponent)
    {
        var file = KustomizationFile(directory);
        var kustomization = YamlTree.LoadMap(file);
        var unknown = kustomization.Keys.Where(k => !KnownFields.Contains(k)).ToList();
        if (unknown.Count > 0) throw new NotSupportedException($"{file}: fields {string.Join(", ", unknown)} are not supported by this renderer.");
        var kind = kustomization.GetValueOrDefault("kind") as string ?? "Kustomization";
        if (expectComponent != (kind == "Component"))
            throw new InvalidDataException($"{file} is a {kind}, expected {(expectComponent ? "a Component" : "a Kustomization")}.");

        var objects = new List<Dictionary<string, object?>>();
        foreach (var entry in Strings(kustomization, "resources", file))
        {
            var path = Path.GetFullPath(Path.Combine(directory, entry));
            if (Directory.Exists(path)) objects.AddRange(Build(path, expectComponent: false));
            else objects.AddRange(LoadObjects(path));
        }
        foreach (var entry in Strings(kustomization, "components", file))
        {
            var componentDir = Path.GetFullPath(Path.Combine(directory, entry));
            ApplyComponent(componentDir, objects);
        }
        ApplyPatches(kustomization, directory, objects, file);
        if (kustomization.GetValueOrDefault("namespace") is string ns) SetNamespace(objects, ns);
        if (kustomization.GetValueOrDefault("images") is List<object?> images) SetImages(objects, images, file);

        var duplicates = objects.GroupBy(o => o.Id()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new InvalidDataException($"{file}: duplicate objects {string.Join(", ", duplicates)}.");
        return objects;
    }

    /// <summary>A component adds its resources to the objects so far, then patches them all.</summary>
    private static void ApplyComponent(string directory, List<Dictionary<string, object?>> objects)
    {
        var file = KustomizationFile(directory);
        var component = YamlTree.LoadMap(file);
        if (component.GetValueOrDefault("kind") as string != "Component") throw new InvalidDataException($"{file} is not a Component.");
        var unknown = component.Keys.Where(k => !KnownFields.Contains(k)).ToList();
        if (unknown.Count > 0) throw new NotSupportedException($"{file}: fields {string.Join(", ", unknown)} are not supported by this renderer.");
        foreach (var entry in Strings(component, "resources", file))
        {
            var path = Path.GetFullPath(Path.Combine(directory, entry));
            if (Directory.Exists(path)) objects.AddRange(Build(path, expectComponent: false));
            else objects.AddRange(LoadObjects(path));
        }
        ApplyPatches(component, directory, objects, file);
        if (component.GetValueOrDefault("namespace") is string ns) SetNamespace(objects, ns);
        if (component.GetValueOrDefault("images") is List<object?> images) SetImages(objects, images, file);
    }

    private static string KustomizationFile(string directory)
    {
        foreach (var name in new[] { "kustomization.yaml", "kustomization.yml", "Kustomization" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"No kustomization file in {directory}.");
    }

    private static IEnumerable<string> Strings(Dictionary<string, object?> map, string field, string file) =>
        map.GetValueOrDefault(field) switch
        {
            null => [],
            List<object?> list => list.Select(x => x as string ?? throw new InvalidDataException($"{file}: {field} entries must be strings.")),
            _ => throw new InvalidDataException($"{file}: {field} must be a list."),
        };

    private static IEnumerable<Dictionary<string, object?>> LoadObjects(string path)
    {
        foreach (var doc in YamlTree.Load(path))
        {
            if (doc is not Dictionary<string, object?> obj || obj.Kind() == "" || obj.Name() == "")
                throw new InvalidDataException($"{path}: every document must be a Kubernetes object with kind and metadata.name.");
            yield return obj;
        }
    }

    private static void ApplyPatches(Dictionary<string, object?> kustomization, string directory, List<Dictionary<string, object?>> objects, string file)
    {
        if (kustomization.GetValueOrDefault("patches") is not List<object?> patches) return;
        foreach (var entry in patches.Maps())
        {
            var patchDocs = entry.GetValueOrDefault("path") is string patchPath
                ? YamlTree.Load(Path.Combine(directory, patchPath))
                : entry.GetValueOrDefault("patch") is string inline
                    ? YamlTree.Parse(inline)
                    : throw new InvalidDataException($"{file}: a patch needs 'path' or 'patch'.");
            var target = entry.GetValueOrDefault("target") as Dictionary<string, object?>;
            foreach (var patch in patchDocs.OfType<Dictionary<string, object?>>())
            {
                if (patch.ContainsKey("op") || patch.ContainsKey("path")) throw new NotSupportedException($"{file}: JSON 6902 patches are not supported.");
                var matches = objects.Where(o => Matches(o, patch, target)).ToList();
                if (matches.Count == 0) throw new InvalidDataException($"{file}: patch for {patch.Kind()} '{patch.Name()}' matches no object.");
                foreach (var match in matches)
                {
                    var patchBody = Support.YamlTree.Clone(patch) as Dictionary<string, object?>;
                    if (target is not null && patchBody!.GetValueOrDefault("metadata") is Dictionary<string, object?> meta) meta.Remove("name");
                    objects[objects.IndexOf(match)] = StrategicMerge.Apply(match, patchBody!);
                }
            }
        }
    }

    private static bool Matches(Dictionary<string, object?> obj, Dictionary<string, object?> patch, Dictionary<string, object?>? target)
    {
        if (target is null) return obj.Kind() == patch.Kind() && obj.Name() == patch.Name() && obj.Group() == patch.Group();
        return (target.GetValueOrDefault("kind") is not string kind || kind == obj.Kind())
               && (target.GetValueOrDefault("name") is not string name || name == obj.Name())
               && (target.GetValueOrDefault("group") is not string group || group == obj.Group());
    }

    private static void SetNamespace(List<Dictionary<string, object?>> objects, string ns)
    {
        foreach (var obj in objects.Where(o => !o.IsClusterScoped()))
        {
            if (obj.GetValueOrDefault("metadata") is not Dictionary<string, object?> meta) obj["metadata"] = meta = new(StringComparer.Ordinal);
            meta["namespace"] = ns;
        }
    }

    private static void SetImages(List<Dictionary<string, object?>> objects, List<object?> images, string file)
    {
        foreach (var image in images.Maps())
        {
            var name = image.GetValueOrDefault("name") as string ?? throw new InvalidDataException($"{file}: an images entry needs a name.");
            foreach (var container in objects.Select(o => o.PodSpec()).OfType<Dictionary<string, object?>>()
                         .SelectMany(spec => ContainerLists.Select(f => spec.GetValueOrDefault(f)))
                         .OfType<List<object?>>().SelectMany(l => l.Maps()))
            {
                if (container.GetValueOrDefault("image") is not string current) continue;
                var (repository, tag, digest) = ImageReference.Split(current);
                if (repository != name) continue;
                var newRepository = image.GetValueOrDefault("newName") as string ?? repository;
                if (image.GetValueOrDefault("digest") is string newDigest) container["image"] = $"{newRepository}@{newDigest}";
                else if (image.GetValueOrDefault("newTag") is string newTag) container["image"] = $"{newRepository}:{newTag}";
                else container["image"] = ImageReference.Join(newRepository, tag, digest);
            }
        }
    }
}
