using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Evaluation.Repository;

/// <summary>
/// Every model the trainer can build, by name: the first dense models (<see cref="ModelRecipe.All"/>: dense-dae-64,
/// mlp-classifier), then the zoo (<see cref="ZooCatalog"/>). Variants published under another
/// name (conv-dae-uniform) resolve to the entry whose name they extend.
/// </summary>
public static class ModelCatalog
{
    public static IReadOnlyList<ModelRecipe> All { get; } = [.. ModelRecipe.All, .. ZooCatalog.All];

    /// <summary>The entry named <paramref name="name"/>, or for a variant "&lt;entry&gt;-…" the longest entry name it extends; null if none.</summary>
    public static ModelRecipe? Resolve(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? All.Where(e => name.StartsWith(e.Name + "-", StringComparison.Ordinal)).MaxBy(e => e.Name.Length);

    /// <summary>As <see cref="Resolve"/>, throwing a message with the known names when there is no entry.</summary>
    public static ModelRecipe Find(string name) =>
        Resolve(name) ?? throw new ArgumentException($"Unknown model '{name}'. Known: {string.Join(", ", All.Select(e => e.Name))} (and variants named <name>-…).", nameof(name));

    /// <summary>
    /// The catalog's architectures with their sizes read off the weights (a dense autoencoder's latent width, an MLP's
    /// hidden width, a conv model's filter counts, a deep autoencoder's widths), so models trained with other sizes
    /// than the catalog's load too. Each guess is only a candidate: it must still match every initializer.
    /// </summary>
    public static IEnumerable<Func<ImageModel>> SizedFor(IReadOnlyDictionary<string, OnnxInitializer> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int? Rows(string name) => weights.TryGetValue(name, out var w) && w.Dims.Count > 0 ? (int)w.Dims[0] : null;
        if (Rows("encoder.0.weight") is int latent)
        {
            yield return () => new DenseAutoencoder(latent);
            yield return () => new ConvDenoisingAutoencoder(latent);
            var widths = new List<int>();
            for (var i = 0; Rows($"encoder.{2 * i}.weight") is int width; i++) widths.Add(width);
            yield return () => new DeepDenseAutoencoder(widths);
        }
        if (Rows("fc1.weight") is int hidden) yield return () => new MlpClassifier(hidden);
        if (Rows("features.0.weight") is int first && Rows("features.3.weight") is int second && Rows("classifier.0.weight") is int dense)
        {
            yield return () => new ConvClassifier(first, second, dense);
        }
    }
}
