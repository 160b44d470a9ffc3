using DenoiseApi.ModelStore;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// A published model whose weights start a training run (<see cref="ModelRecipe.StartFrom"/>, <c>--start-from</c>):
/// <c>name</c> (its newest version) or <c>name/version</c> in the model repository. Its ONNX initializers are copied
/// into the freshly built model by parameter name (<see cref="OnnxWeights"/>); a model of another architecture is
/// refused, naming both.
/// </summary>
public static class StartingWeights
{
    /// <summary>The value of <c>--start-from</c> that trains from a fresh initialisation even when the recipe names a model.</summary>
    public const string None = "none";

    /// <summary>Copies the weights of <paramref name="reference"/> (from <paramref name="root"/>) into <paramref name="model"/>.</summary>
    /// <returns>What was loaded, "name/version (sha256 prefix)", for the manifest's training record.</returns>
    /// <exception cref="FileNotFoundException">No such model or version in <paramref name="root"/>.</exception>
    /// <exception cref="ArgumentException">The reference is malformed, an encoder, or of another architecture.</exception>
    public static string Load(ImageModel model, string root, string reference)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var (name, version) = Parse(reference);
        var directory = version is int v
            ? ModelLayout.VersionDirectory(root, name, v)
            : ModelLayout.Enumerate(root).Where(m => m.Name == name).Select(m => m.Directory).FirstOrDefault()
              ?? throw new FileNotFoundException($"--start-from {reference}: no published model '{name}' in {Path.GetFullPath(root)}.");
        var manifestPath = Path.Combine(directory, ManifestJson.FileName);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"--start-from {reference}: no manifest at {manifestPath}.", manifestPath);
        var manifest = ManifestJson.Read(manifestPath);
        if (manifest.Kind == ModelKind.Encoder)
        {
            throw new ArgumentException($"--start-from {reference}: '{name}' is an encoder; start from its autoencoder {manifest.Family ?? ""}".TrimEnd() + ".", nameof(reference));
        }
        var onnxPath = Path.Combine(directory, manifest.File);
        var initializers = OnnxInitializer.ReadFloat(File.ReadAllBytes(onnxPath));
        if (OnnxWeights.Mismatch(model, initializers) is { } reason)
        {
            throw new ArgumentException(
                $"--start-from {reference}: {name} v{manifest.Version} is '{manifest.Architecture}', the model to train is '{model.Architecture}'; they do not match ({reason}).",
                nameof(reference));
        }
        OnnxWeights.Load(model, initializers);
        return $"{name}/{manifest.Version} (sha256 {manifest.Sha256[..12]})";
    }

    private static (string Name, int? Version) Parse(string reference)
    {
        var slash = reference.LastIndexOf('/');
        if (slash < 0) return (reference, null);
        if (int.TryParse(reference.AsSpan(slash + 1), out var version) && version > 0 && slash > 0) return (reference[..slash], version);
        throw new ArgumentException($"--start-from {reference}: expected a model name or name/version (e.g. conv-dae-skip or conv-dae-skip/1).", nameof(reference));
    }
}
