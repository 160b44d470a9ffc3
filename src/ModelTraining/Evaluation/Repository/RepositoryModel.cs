using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>
/// A model of the repository (<c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/model.onnx</c> and its manifest) rebuilt as an
/// engine model: the architecture is the catalog entry whose parameters match the ONNX initializers name for name and
/// shape for shape (the entry the name points to is tried first, then every entry, then the catalog's architectures
/// sized after the weights), and the weights are the initializers.
/// </summary>
/// <param name="Model">The engine model with the file's weights.</param>
/// <param name="Manifest">The model's manifest.</param>
/// <param name="Directory">Its version folder.</param>
/// <param name="Entry">The catalog entry of its architecture; null when the architecture was sized after the weights.</param>
public sealed record RepositoryModel(ImageModel Model, ModelManifest Manifest, string Directory, ModelRecipe? Entry)
{
    /// <summary>Loads <paramref name="name"/> at <paramref name="version"/> (default: its newest version) from <paramref name="root"/>.</summary>
    /// <exception cref="FileNotFoundException">No such model or version.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or no architecture the trainer knows has its weights.</exception>
    /// <exception cref="ArgumentException">The model is an encoder (rebuilt only as part of its autoencoder).</exception>
    public static RepositoryModel Load(string root, string name, int? version = null)
    {
        var (directory, manifest) = Find(root, name, version);
        if (manifest.Kind == ModelKind.Encoder)
        {
            throw new ArgumentException($"'{name}' is an encoder, the half of {manifest.Family ?? "an autoencoder"} that shares its weights; load the autoencoder instead.", nameof(name));
        }
        return Rebuild(name, directory, manifest);
    }

    /// <summary>
    /// As <see cref="Load"/>, but an encoder is loaded too: its autoencoder (the manifest's family, at the encoder's
    /// version when that exists, else the newest) rebuilt by <see cref="Load"/>, seen through its encoder half. An
    /// encoder file holds only the autoencoder's first layers, with the same weights.
    /// </summary>
    /// <exception cref="ArgumentException">An encoder whose family is not an autoencoder.</exception>
    public static RepositoryModel LoadAnyKind(string root, string name, int? version = null)
    {
        var (directory, manifest) = Find(root, name, version);
        if (manifest.Kind != ModelKind.Encoder) return Rebuild(name, directory, manifest);
        if (manifest.Family is not { } family)
        {
            throw new ArgumentException($"Encoder '{name}' does not name its autoencoder.", nameof(name));
        }
        var familyVersion = ModelLayout.Enumerate(root).Any(m => m.Name == family && m.Version == manifest.Version) ? manifest.Version : (int?)null;
        var autoencoder = Load(root, family, familyVersion);
        if (autoencoder.Model is not DenoiserModel denoiser || denoiser is not IAutoencoder)
        {
            throw new ArgumentException($"'{name}' names {family} as its autoencoder, which has no encoder half.", nameof(name));
        }
        return new RepositoryModel(new EncoderModel(denoiser), manifest, directory, autoencoder.Entry);
    }

    /// <summary>The model of <paramref name="manifest"/>, its architecture found from the ONNX file's weights.</summary>
    private static RepositoryModel Rebuild(string name, string directory, ModelManifest manifest)
    {
        var onnxPath = Path.Combine(directory, manifest.File);
        if (!File.Exists(onnxPath)) throw new FileNotFoundException($"No model file at {onnxPath}.", onnxPath);
        var initializers = OnnxInitializer.ReadFloat(File.ReadAllBytes(onnxPath));

        var preferred = ModelCatalog.Resolve(name);
        var candidates = preferred is null ? ModelCatalog.All : [preferred, .. ModelCatalog.All.Where(e => e != preferred)];
        string? preferredMismatch = null;
        foreach (var entry in candidates)
        {
            var model = entry.Create(1);
            var mismatch = OnnxWeights.Mismatch(model, initializers);
            if (mismatch is null)
            {
                OnnxWeights.Load(model, initializers);
                return new RepositoryModel(model, manifest, directory, entry);
            }
            if (entry == preferred) preferredMismatch = mismatch;
        }
        foreach (var create in ModelCatalog.SizedFor(initializers))
        {
            var model = create();
            if (OnnxWeights.Mismatch(model, initializers) is not null) continue;
            OnnxWeights.Load(model, initializers);
            return new RepositoryModel(model, manifest, directory, null);
        }
        throw new InvalidDataException(
            $"{onnxPath}: no architecture the trainer knows has these weights ({manifest.Architecture})"
            + (preferredMismatch is null ? "." : $"; as {preferred!.Name}: {preferredMismatch}."));
    }

    /// <summary>The version folder of <paramref name="name"/> and its manifest.</summary>
    private static (string Directory, ModelManifest Manifest) Find(string root, string name, int? version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var directory = version is int v
            ? ModelLayout.VersionDirectory(root, name, v)
            : ModelLayout.Enumerate(root).Where(m => m.Name == name).Select(m => m.Directory).FirstOrDefault()
              ?? throw new FileNotFoundException($"No model '{name}' in {Path.GetFullPath(root)}.");
        var manifestPath = Path.Combine(directory, ManifestJson.FileName);
        if (!File.Exists(manifestPath)) throw new FileNotFoundException($"No manifest at {manifestPath}.", manifestPath);
        return (directory, ManifestJson.Read(manifestPath));
    }
}
