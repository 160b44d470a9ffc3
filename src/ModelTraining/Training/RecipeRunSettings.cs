using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>What one <see cref="RecipeTrainer"/> run does beyond the recipe's defaults.</summary>
public sealed record RecipeRunSettings
{
    /// <summary>Name the model is written under (default: the recipe's), e.g. a variant trained on other noise.</summary>
    public string? PublishName { get; init; }

    /// <summary>
    /// Classifier only: the pipeline denoiser's name, for the denoise→classify metric and the manifest's family. Its
    /// weights are <see cref="PipelineDenoiserModel"/> when given, otherwise that name's checkpoint.
    /// </summary>
    public string? PipelineDenoiser { get; init; }

    /// <summary>Classifier only: the pipeline denoiser in memory (e.g. trained just before in the same run).</summary>
    public DenoiserModel? PipelineDenoiserModel { get; init; }

    /// <summary>Classifier only: fraction of each batch replaced by pipeline-denoised uniform-0.9 noisy digits.</summary>
    public double DenoisedAugmentation { get; init; }

    /// <summary>Manifest and report description (default: the recipe's, plus the pipeline denoiser and augmentation if any).</summary>
    public string? Description { get; init; }

    /// <summary>Write the model (and its encoder) when the targets are met; false only trains, evaluates and checks.</summary>
    public bool Publish { get; init; } = true;

    /// <summary>
    /// Keep the trained weights as the published name's checkpoint (<see cref="ModelCheckpoint"/>); a run on part of
    /// the training file never keeps one, so it cannot replace a real run's.
    /// </summary>
    public bool KeepCheckpoint { get; init; } = true;

    /// <summary>Skip training: load the weights (and training record) of an earlier run's checkpoint, then evaluate and publish (<see cref="RecipeTrainer.Export"/>).</summary>
    public bool FromCheckpoint { get; init; }

    /// <summary>The checkpoint to export (default: the cache's checkpoint of the published name).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Folder to write the run's report in (loss curves, test digits, results); null writes none.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>
    /// A published model (name or name/version in the output repository) whose weights start the run instead of a
    /// fresh initialisation; overrides the recipe's <see cref="ModelRecipe.StartFrom"/>, "none" trains from scratch.
    /// <see cref="ContinueFromCheckpoint"/> takes precedence.
    /// </summary>
    public string? StartFrom { get; init; }

    /// <summary>Train further: start from the weights of the last run's checkpoint instead of a fresh initialisation.</summary>
    public bool ContinueFromCheckpoint { get; init; }
}
