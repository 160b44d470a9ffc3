using System.Globalization;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// The first dense models as <c>train</c> and <c>train-shipped</c> make them through <see cref="RecipeTrainer"/>:
/// dense-dae-64 (and its encoder), and mlp-classifier with that autoencoder, trained in the same run, as its pipeline
/// denoiser.
/// </summary>
internal sealed class ModelWorkflow(
    string? dataDirectory, string outputRoot, int? version, string command, TextWriter log, int? trainImages = null, ITrainingProgress? progress = null, Func<string, string?>? reportDirectory = null)
{
    private readonly RecipeTrainer trainer = new(dataDirectory, outputRoot, version, command, log, progress, trainImages);

    /// <summary>The denoiser trained by the last <see cref="TrainDenoiser"/> call (the classifier's pipeline partner).</summary>
    public DenoiserModel? Denoiser { get; private set; }

    /// <summary>
    /// Trains dense-dae-64; with <paramref name="publish"/> it is also checked, reported, kept as a checkpoint and written,
    /// without it only trained and evaluated (the classifier's pipeline denoiser when none was trained before).
    /// </summary>
    public void TrainDenoiser(TrainingOverrides overrides, bool publish = true)
    {
        var recipe = ModelRecipe.Find(ModelRecipe.DenseDae64);
        var settings = publish
            ? new RecipeRunSettings { ReportDirectory = reportDirectory?.Invoke(recipe.Name), StartFrom = overrides.StartFrom }
            : new RecipeRunSettings { Publish = false, KeepCheckpoint = false };
        var targets = publish ? overrides.ApplyTargets(recipe.Targets) : [];
        Denoiser = (DenoiserModel)trainer.Train(recipe, overrides.Apply(recipe.Options), targets, settings).Model;
    }

    public void TrainClassifier(TrainingOverrides overrides)
    {
        var recipe = ModelRecipe.Find(ModelRecipe.MlpClassifier);
        if (Denoiser is null)
        {
            log.WriteLine("The classifier's pipeline needs a denoiser: training dense-dae-64 with its shipped settings first.");
            TrainDenoiser(TrainingOverrides.None, publish: false);
        }
        var augmentation = overrides.DenoisedAugmentation ?? recipe.DenoisedAugmentation;
        var settings = new RecipeRunSettings
        {
            PipelineDenoiser = ModelRecipe.DenseDae64,
            PipelineDenoiserModel = Denoiser,
            DenoisedAugmentation = augmentation,
            Description = augmentation > 0
                ? string.Create(CultureInfo.InvariantCulture, $"dense 784-256-256-10 classifier trained on clean digits with {augmentation:P0} of each batch replaced by uniform-0.9 noisy digits denoised by dense-dae-64")
                : "dense 784-256-256-10 classifier trained on clean digits",
            ReportDirectory = reportDirectory?.Invoke(recipe.Name),
            StartFrom = overrides.StartFrom,
        };
        trainer.Train(recipe, overrides.Apply(recipe.Options), overrides.ApplyTargets(recipe.Targets), settings);
    }
}
