using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// Trains a recipe's model, checks its quality targets, and writes it (and, for the autoencoder, its encoder) into the
/// model repository. Shared by <c>train</c> and <c>train-shipped</c>.
/// </summary>
internal sealed class ModelWorkflow(
    string? dataDirectory, string outputRoot, int version, string command, TextWriter log, int? trainImages = null, ITrainingProgress? progress = null, Func<string, string?>? reportDirectory = null)
{
    private TrainingRun? run;

    /// <summary>The denoiser trained by the last <see cref="TrainDenoiser"/> call (the classifier's pipeline partner).</summary>
    public DenseAutoencoder? Denoiser { get; private set; }

    public void TrainDenoiser(TrainingOverrides overrides, bool publish = true)
    {
        var recipe = ModelRecipe.Find(ModelRecipe.DenseDae64);
        var options = overrides.Apply(recipe.Options);
        var (model, result, test) = Run().TrainDenoiser(options);
        var metrics = test.ToMetrics();
        Denoiser = model;
        if (!publish) return;
        var training = Record(options, "binary cross-entropy (from logits)", result);
        Keep(recipe.Name, model, training, result);
        Report(recipe.Name, model, test, result, recipe.Description);
        Check(recipe.Name, overrides.ApplyTargets(recipe.Targets), metrics);
        Write(recipe.Name, model, recipe.Description, null, training, metrics);
        Write(ModelRecipe.DenseDae64Encoder, model.Encoder, "encoder half of dense-dae-64 (same weights): image -> 64-d latent", recipe.Name, training, metrics);
    }

    public void TrainClassifier(TrainingOverrides overrides)
    {
        var recipe = ModelRecipe.Find(ModelRecipe.MlpClassifier);
        if (Denoiser is null)
        {
            log.WriteLine("The classifier's pipeline needs a denoiser: training dense-dae-64 with its shipped settings first.");
            TrainDenoiser(TrainingOverrides.None, publish: false);
        }
        var options = overrides.Apply(recipe.Options);
        var augmentation = overrides.DenoisedAugmentation ?? recipe.DenoisedAugmentation;
        var (model, result, test) = Run().TrainClassifier(options, Denoiser, augmentation);
        var metrics = test.ToMetrics();
        var description = augmentation > 0
            ? string.Create(CultureInfo.InvariantCulture, $"dense 784-256-256-10 classifier trained on clean digits with {augmentation:P0} of each batch replaced by uniform-0.9 noisy digits denoised by dense-dae-64")
            : "dense 784-256-256-10 classifier trained on clean digits";
        var training = Record(options, "softmax cross-entropy", result);
        Keep(recipe.Name, model, training, result);
        Report(recipe.Name, model, test, result, description);
        Check(recipe.Name, overrides.ApplyTargets(recipe.Targets), metrics);
        Write(recipe.Name, model, description, ModelRecipe.DenseDae64, training, metrics);
    }

    private TrainingRun Run()
    {
        if (run is not null) return run;
        var files = MnistFiles.Locate(dataDirectory);
        log.WriteLine($"MNIST from {files.Directory}");
        var trainingFile = MnistDataset.LoadTrain(dataDirectory);
        if (trainImages is int limit && limit < trainingFile.Count)
        {
            log.WriteLine($"Using the first {limit:N0} of {trainingFile.Count:N0} training images.");
            trainingFile = trainingFile.Take(limit);
        }
        run = new TrainingRun(trainingFile, MnistDataset.LoadTest(dataDirectory), log, progress);
        return run;
    }

    /// <summary>
    /// Keeps the weights, record and epoch history as the model's checkpoint (for <c>export</c> and pipelines); not for
    /// quick experiments on part of the training file (<c>--train-images</c>), which would replace a real run's.
    /// </summary>
    private void Keep(string name, ImageModel model, TrainingRecord training, TrainingResult result)
    {
        if (trainImages is not null) return;
        var checkpoint = ModelCheckpoint.PathFor(name);
        ModelCheckpoint.Save(model, checkpoint);
        ModelCheckpoint.WriteRecord(checkpoint, training, TrainingFlops.PerImage(model) * result.ImagesPerSecond / 1e9, result);
        log.WriteLine($"Checkpoint {checkpoint}");
    }

    private void Report(string name, ImageModel model, TestResults test, TrainingResult result, string description)
    {
        if (reportDirectory?.Invoke(name) is not { } directory) return;
        RunReportWriter.Write(directory, RunReports.Create(name, model, test, Run().Test, TrainingRun.EvaluationSeed, result, description, command));
        log.WriteLine($"Report {Path.Combine(directory, RunReportWriter.MarkdownFile)}");
    }

    private void Check(string name, IReadOnlyList<QualityTarget> targets, Dictionary<string, double> metrics)
    {
        var misses = QualityTarget.Misses(targets, metrics);
        if (misses.Count > 0) throw new QualityTargetMissedException(name, misses);
        log.WriteLine($"{name} meets its targets: {string.Join(", ", targets)}");
    }

    private TrainingRecord Record(TrainingOptions options, string loss, TrainingResult result) => new()
    {
        Noise = new DenoiseApi.ModelStore.NoiseSpec(options.Noise.TypeName, options.Noise.Level),
        Loss = loss,
        Optimizer = string.Create(CultureInfo.InvariantCulture, $"Adam (beta1 0.9, beta2 0.999, eps 1e-8), {options.Schedule} schedule, early stopping patience {options.Patience}, best epoch {result.BestEpoch} of {result.EpochsRun}"),
        LearningRate = (double)(decimal)options.LearningRate, // 0.002f as 0.002, not 0.0020000000949949026
        BatchSize = options.BatchSize,
        Epochs = result.EpochsRun,
        Seed = options.Seed,
        TrainImages = result.TrainImages,
        ValidationImages = result.ValidationImages,
        SecondsPerEpoch = Math.Round(result.SecondsPerEpoch, 3),
        Command = command,
    };

    private void Write(string name, ImageModel model, string description, string? family, TrainingRecord training, Dictionary<string, double> metrics)
    {
        var (directory, manifest) = ModelPublisher.Publish(outputRoot, name, version, model, description, family, training, metrics);
        log.WriteLine($"Wrote {directory} ({manifest.Kind}, {manifest.ParameterCount:N0} parameters, sha256 {manifest.Sha256[..12]}…)");
    }
}
