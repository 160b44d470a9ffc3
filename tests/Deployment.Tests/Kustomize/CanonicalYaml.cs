using System.Text;

namespace DenoiseApi.Deployment.Tests.Kustomize;

/// <summary>
/// One text per object that two renderings agree on exactly when they mean the same object: mapping keys sorted, and
/// lists that Kubernetes merges by key sorted by that key (their order carries no meaning). Other lists keep order.
/// </summary>
internal static class CanonicalYaml
{
    public static string Of(Dictionary<string, object?> obj)
    {
        var text = new StringBuilder();
        Write(obj, text, obj.Kind(), insideContainer: false, indent: 0);
        return text.ToString();
    }

    private static void Write(object? node, StringBuilder text, string kind, bool insideContainer, int indent)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    text.Append(pad).Append(key).Append(':').AppendLine();
                    var childInside = insideContainer || key is "containers" or "initContainers" or "ephemeralContainers";
                    var items = value is List<object?> list && StrategicMerge.MergeKeyOf(key, kind, insideContainer) is { } mergeKey
                        ? list.OrderBy(i => (i as Dictionary<string, object?>)?.GetValueOrDefault(mergeKey) as string, StringComparer.Ordinal).ToList<object?>()
                        : value;
                    Write(items, text, kind, childInside, indent + 2);
                }
                break;
            case List<object?> seq:
                foreach (var item in seq)
                {
                    text.Append(pad).Append('-').AppendLine();
                    Write(item, text, kind, insideContainer, indent + 2);
                }
                break;
            default:
                text.Append(pad).Append(node is null ? "~" : "'" + node + "'").AppendLine();
                break;
        }
    }
}
