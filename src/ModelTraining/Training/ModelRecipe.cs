using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Training;

/// <summary>
/// A named model the trainer knows how to make: its kind, how to build it (seeded by <see cref="Create"/>), the training settings and
/// quality targets its shipped version uses (every command-line option overrides one of them), the name of the encoder
/// written next to it (autoencoders only), for a classifier the share of each batch its pipeline denoiser cleans, and
/// <see cref="StartFrom"/>: a published model of the same architecture whose weights start the run (fine-tuning).
/// The first dense models are <see cref="All"/> (<c>train</c>), the zoo is <see cref="ZooCatalog"/> (<c>train-zoo</c>);
/// <see cref="RecipeTrainer"/> trains, checks and publishes either.
/// </summary>
public sealed record ModelRecipe(
    string Name,
    ModelKind Kind,
    string Description,
    Func<ImageModel> Build,
    TrainingOptions Options,
    IReadOnlyList<QualityTarget> Targets,
    string? EncoderName = null,
    double DenoisedAugmentation = 0,
    string? StartFrom = null)
{
    public const string DenseDae64 = "dense-dae-64";
    public const string DenseDae64Encoder = "dense-dae-64-encoder";
    public const string MlpClassifier = "mlp-classifier";

    /// <summary>The noise the classifier's pipeline accuracy is measured on (the Keras tutorial's).</summary>
    public static NoiseSpec PipelineNoise { get; } = NoiseSpec.Parse("uniform:0.9");

    /// <summary>The models <c>train --model</c> accepts (the encoder is written together with its autoencoder).</summary>
    public static IReadOnlyList<ModelRecipe> All { get; } =
    [
        new(
            DenseDae64,
            ModelKind.Denoiser,
            "dense 784-64-784 denoising autoencoder (Keras tutorial), uniform noise 0.9; also writes dense-dae-64-encoder",
            () => new DenseAutoencoder(64),
            new TrainingOptions
            {
                Epochs = 100,
                BatchSize = 128,
                LearningRate = 2e-3f,
                Schedule = LearningRateSchedule.Cosine,
                Patience = 10,
                Seed = 1,
                Noise = PipelineNoise,
            },
            [new QualityTarget("psnr_denoised_db", 15.0)],
            DenseDae64Encoder),
        new(
            MlpClassifier,
            ModelKind.Classifier,
            "dense 784-256-256-10 classifier; half of each batch is uniform-0.9 noisy digits after dense-dae-64",
            () => new MlpClassifier(256),
            new TrainingOptions
            {
                Epochs = 30,
                BatchSize = 128,
                LearningRate = 1e-3f,
                Schedule = LearningRateSchedule.Cosine,
                Patience = 10,
                Seed = 1,
                Noise = NoiseSpec.None,
            },
            [new QualityTarget("accuracy_clean", 0.975), new QualityTarget("accuracy_uniform_0.9_denoised", 0.95)],
            DenoisedAugmentation: 0.5),
    ];

    /// <summary>The model with a fresh initialisation (TorchSharp's defaults, PyTorch's) drawn after <c>torch.manual_seed(seed)</c>.</summary>
    public ImageModel Create(int seed)
    {
        TorchSharp.torch.manual_seed(seed);
        return Build();
    }

    public static ModelRecipe Find(string name) =>
        All.FirstOrDefault(r => r.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", All.Select(r => r.Name))}.", nameof(name));
}
