using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DenoiseApi.Deployment.Tests.Support;

/// <summary>
/// YAML documents as plain trees: mappings become <see cref="Dictionary{TKey,TValue}"/> (string keys, file order),
/// sequences <see cref="List{T}"/>, scalars strings (null for YAML null). Plain enough to merge, compare and walk.
/// </summary>
internal static class YamlTree
{
    /// <summary>Every non-empty document of a (multi-document) YAML text.</summary>
    public static List<object?> Parse(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return stream.Documents.Select(d => Convert(d.RootNode)).Where(d => d is not null).ToList();
    }

    public static List<object?> Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The single mapping document of <paramref name="path"/>.</summary>
    public static Dictionary<string, object?> LoadMap(string path)
    {
        var docs = Load(path);
        if (docs is not [Dictionary<string, object?> map]) throw new InvalidDataException($"{path} is not one YAML mapping document.");
        return map;
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? throw new InvalidDataException($"Null mapping key at {kv.Key.Start}."),
            kv => Convert(kv.Value),
            StringComparer.Ordinal),
        YamlSequenceNode seq => seq.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => IsNull(scalar) ? null : scalar.Value,
        _ => throw new InvalidDataException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
    };

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <summary>A deep copy, so merges never alias the trees they read.</summary>
    public static object? Clone(object? node) => node switch
    {
        Dictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => Clone(kv.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(Clone).ToList(),
        _ => node,
    };

    /// <summary>The node at a dotted path of mapping keys (<c>spec.template.spec</c>), or null when any step is missing.</summary>
    public static object? At(this object? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(key, out node)) return null;
        }
        return node;
    }

    public static Dictionary<string, object?> MapAt(this object? node, string path) =>
        node.At(path) as Dictionary<string, object?> ?? throw new KeyNotFoundException($"No mapping at '{path}'.");

    public static List<object?> ListAt(this object? node, string path) =>
        node.At(path) as List<object?> ?? throw new KeyNotFoundException($"No sequence at '{path}'.");

    public static string StringAt(this object? node, string path) =>
        node.At(path) as string ?? throw new KeyNotFoundException($"No scalar at '{path}'.");

    public static long LongAt(this object? node, string path) =>
        long.Parse(node.StringAt(path), NumberStyles.Integer, CultureInfo.InvariantCulture);

    public static bool BoolAt(this object? node, string path) => node.StringAt(path) switch
    {
        "true" => true,
        "false" => false,
        var other => throw new FormatException($"'{path}' is '{other}', not true or false."),
    };

    /// <summary>The mappings of a sequence.</summary>
    public static IEnumerable<Dictionary<string, object?>> Maps(this List<object?> list) => list.OfType<Dictionary<string, object?>>();
}
