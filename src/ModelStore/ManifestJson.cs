using System.Text.Json;
using System.Text.Json.Serialization;

namespace DenoiseApi.ModelStore;

/// <summary>Reads and writes manifests (camelCase JSON, indented, source-generated).</summary>
public static class ManifestJson
{
    public const string FileName = "manifest.json";

    public static ModelManifest Read(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.ModelManifest)
            ?? throw new InvalidDataException($"{path}: manifest is empty");
    }

    public static void Write(string path, ModelManifest manifest)
    {
        var tmp = path + ".tmp";
        using (var stream = System.IO.File.Create(tmp))
        {
            JsonSerializer.Serialize(stream, manifest, ManifestJsonContext.Default.ModelManifest);
        }
        System.IO.File.Move(tmp, path, overwrite: true);
    }

    public static string Serialize(ModelManifest manifest) =>
        JsonSerializer.Serialize(manifest, ManifestJsonContext.Default.ModelManifest);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
