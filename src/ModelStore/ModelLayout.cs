using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace DenoiseApi.ModelStore;

/// <summary>
/// The repository layout, like Triton's: <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/{model.onnx,manifest.json}</c>.
/// </summary>
public static partial class ModelLayout
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    public static string VersionDirectory(string root, string name, int version) =>
        Path.Combine(root, name, version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every version folder under <paramref name="root"/> that has a manifest, newest version first per name.</summary>
    public static IEnumerable<(string Name, int Version, string Directory)> Enumerate(string root)
    {
        if (!Directory.Exists(root)) yield break;
        foreach (var modelDir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(modelDir);
            if (!IsValidName(name)) continue;
            var versions = Directory.EnumerateDirectories(modelDir)
                .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var v) && v > 0, Version: v))
                .Where(x => x.Ok && File.Exists(Path.Combine(x.Dir, ManifestJson.FileName)))
                .OrderByDescending(x => x.Version);
            foreach (var v in versions) yield return (name, v.Version, v.Dir);
        }
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
