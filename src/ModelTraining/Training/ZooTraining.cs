using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Reporting;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Training;

/// <summary>What one <c>train-zoo</c> run does beyond the entry's defaults.</summary>
public sealed record ZooRunSettings
{
    /// <summary>Name the model is written under (default: the entry's), e.g. a variant trained on other noise.</summary>
    public string? PublishName { get; init; }

    /// <summary>Classifier only: a trained zoo denoiser (by published name, from its checkpoint) for the pipeline metric.</summary>
    public string? PipelineDenoiser { get; init; }

    /// <summary>Classifier only: fraction of each batch replaced by pipeline-denoised uniform-0.9 noisy digits.</summary>
    public double DenoisedAugmentation { get; init; }

    /// <summary>Write the model (and its encoder) when the targets are met; false only trains and evaluates.</summary>
    public bool Publish { get; init; } = true;

    /// <summary>Skip training: load the weights (and training record) of an earlier run's checkpoint, then evaluate and publish (<see cref="ZooTraining.Export"/>).</summary>
    public bool FromCheckpoint { get; init; }

    /// <summary>The checkpoint to export (default: the cache's checkpoint of the published name).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Folder to write the run's report in (loss curves, test digits, results); null writes none.</summary>
    public string? ReportDirectory { get; init; }

    /// <summary>Train further: start from the weights of the last run's checkpoint instead of a fresh initialisation.</summary>
    public bool ContinueFromCheckpoint { get; init; }
}

/// <summary>
/// Trains a zoo model with the engine's <see cref="Trainer"/>, evaluates it on the MNIST test set like the dense models
/// (<see cref="TrainingRun"/>), refuses to write it when a quality target is missed, and otherwise publishes it (and
/// its encoder) into the model repository and keeps its weights as a checkpoint.
/// </summary>
public sealed class ZooTraining(string? dataDirectory, string outputRoot, int version, string commandLine, TextWriter log, ITrainingProgress? progress = null)
{
    private readonly ITrainingProgress display = progress ?? new PlainTrainingProgress(log);

    /// <summary>Trains <paramref name="entry"/> (or, with <see cref="ZooRunSettings.FromCheckpoint"/>, exports its checkpoint), then evaluates, reports, checks and publishes it.</summary>
    public Dictionary<string, double> Train(ZooEntry entry, TrainingOptions options, IReadOnlyList<QualityTarget> targets, ZooRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FromCheckpoint) return Export(entry, options, targets, settings);
        var name = settings.PublishName ?? entry.Name;
        var trainingFile = MnistDataset.LoadTrain(dataDirectory);
        var model = entry.Create(options.Seed);
        var flops = TrainingFlops.PerImage(model);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training {name}: {model.Architecture} ({model.ParameterCount:N0} parameters, {flops / 1e6:F2} MFLOP per image per step), noise {options.Noise}, batch {options.BatchSize}, lr {options.LearningRate} {options.Schedule}, up to {options.Epochs} epochs, seed {options.Seed}"));

        var (train, validation) = options.ValidationCount == 0 ? (trainingFile, null) : trainingFile.Split(options.ValidationCount, options.Seed);
        var pipeline = PipelineFor(model, settings);
        ITrainingTask task = model is ClassifierModel classifier
            ? new ClassifierTask(classifier, options.Seed, pipeline is not null && settings.DenoisedAugmentation > 0
                ? new ClassifierAugmentation(pipeline, ModelRecipe.PipelineNoise, settings.DenoisedAugmentation)
                : null, options.MaxShift)
            : new DenoiserTask((DenoiserModel)model, options.Noise, options.Seed);

        var checkpoint = ModelCheckpoint.PathFor(name);
        if (settings.ContinueFromCheckpoint)
        {
            if (!File.Exists(checkpoint)) throw new FileNotFoundException($"No checkpoint for '{name}' at {checkpoint} to continue from.", checkpoint);
            ModelCheckpoint.Load(model, checkpoint);
            log.WriteLine($"Continuing from {checkpoint}");
        }
        var result = display.Track((onEpoch, onBatch) => Trainer.Fit(task, train, validation, options, onEpoch, onBatch));
        var gflops = flops * result.ImagesPerSecond / 1e9;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best epoch {result.BestEpoch} of {result.EpochsRun}; {result.SecondsPerEpoch:F2} s/epoch ({result.TrainImages:N0} images), {result.ImagesPerSecond:N0} img/s, {gflops:F1} GFLOP/s"));
        var record = Record(options, model is ClassifierModel ? "softmax cross-entropy" : "binary cross-entropy (from logits)", result);
        ModelCheckpoint.Save(model, checkpoint);
        ModelCheckpoint.WriteRecord(checkpoint, record, gflops, result);
        log.WriteLine($"Checkpoint {checkpoint}");
        return Finish(entry, name, model, pipeline, options, record, gflops, result, targets, settings);
    }

    /// <summary>
    /// Publishes a checkpoint without training: loads its weights (and the training record and epoch history kept
    /// beside it), evaluates the model on the test set, writes the report, checks the targets and writes the model.
    /// </summary>
    public Dictionary<string, double> Export(ZooEntry entry, TrainingOptions options, IReadOnlyList<QualityTarget> targets, ZooRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.PublishName ?? entry.Name;
        var checkpoint = settings.CheckpointPath ?? ModelCheckpoint.PathFor(name);
        if (!File.Exists(checkpoint)) throw new FileNotFoundException($"No checkpoint for '{name}' at {checkpoint}: train it first.", checkpoint);
        var model = entry.Create(options.Seed);
        ModelCheckpoint.Load(model, checkpoint);
        var kept = ModelCheckpoint.ReadRecord(checkpoint);
        var (record, gflops, result) = kept ?? (FromOptions(options, model), double.NaN, null);
        if (kept is not null) options = options with { Noise = NoiseSpec.FromManifest(record.Noise) }; // evaluate on the noise the weights were trained with
        log.WriteLine($"Loaded {checkpoint} (trained by: {record.Command}; noise {options.Noise})");
        return Finish(entry, name, model, PipelineFor(model, settings), options, record, gflops, result, targets, settings);
    }

    /// <summary>Evaluation, report, quality check and publishing, the same after training and for an exported checkpoint.</summary>
    private Dictionary<string, double> Finish(
        ZooEntry entry, string name, ImageModel model, DenoiserModel? pipeline, TrainingOptions options, TrainingRecord record, double gflops, TrainingResult? result,
        IReadOnlyList<QualityTarget> targets, ZooRunSettings settings)
    {
        var testSet = MnistDataset.LoadTest(dataDirectory);
        var test = model is ClassifierModel trained
            ? TrainingRun.EvaluateClassifier(testSet, trained, pipeline, settings.PipelineDenoiser, log)
            : TrainingRun.EvaluateDenoiser(testSet, (DenoiserModel)model, options.Noise, log);
        var metrics = test.ToMetrics();
        if (double.IsFinite(gflops)) metrics["training_gflops"] = Math.Round(gflops, 2);

        var description = entry.Description + (settings.PipelineDenoiser is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; pipeline denoiser {settings.PipelineDenoiser}, {settings.DenoisedAugmentation:P0} of each batch denoised uniform-0.9 noisy digits"));
        if (settings.ReportDirectory is { } reportDirectory)
        {
            var report = RunReports.Create(name, model, test, testSet, TrainingRun.EvaluationSeed, result, description, commandLine);
            log.WriteLine($"Report {Path.Combine(reportDirectory, RunReportWriter.MarkdownFile)}");
            RunReportWriter.Write(reportDirectory, report);
        }

        var misses = QualityTarget.Misses(targets, metrics);
        if (misses.Count > 0) throw new QualityTargetMissedException(name, misses);
        log.WriteLine($"{name} meets its targets: {string.Join(", ", targets)}");
        if (!settings.Publish) return metrics;

        Write(name, model, description, settings.PipelineDenoiser, record, metrics);
        var encoder = model switch
        {
            ConvDenoiser conv => conv.Encoder,
            DeepDenseAutoencoder deep => deep.Encoder,
            DenseAutoencoder dense => dense.Encoder,
            _ => null,
        };
        if (encoder is not null && entry.EncoderName is not null)
        {
            var encoderName = settings.PublishName is null ? entry.EncoderName : name + "-encoder";
            Write(encoderName, encoder, $"encoder half of {name} (same weights): image -> {encoder.LatentSize}-d latent", name, record, metrics);
        }
        return metrics;
    }

    private static DenoiserModel? PipelineFor(ImageModel model, ZooRunSettings settings) =>
        model is ClassifierModel && settings.PipelineDenoiser is { } name ? LoadDenoiser(name) : null;

    private static DenoiserModel LoadDenoiser(string name)
    {
        var entry = Evaluation.Repository.ModelCatalog.Resolve(name)
            ?? throw new ArgumentException($"'{name}' is not a zoo denoiser (or a variant named <zoo-name>-…).", nameof(name));
        if (entry.Kind != ModelKind.Denoiser) throw new ArgumentException($"'{name}' is a {entry.Kind}, not a denoiser.", nameof(name));
        var path = ModelCheckpoint.PathFor(name);
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint for '{name}' at {path}: train it first with `ModelTraining train-zoo --model {entry.Name}`.", path);
        var model = (DenoiserModel)entry.Create(1);
        ModelCheckpoint.Load(model, path);
        return model;
    }

    /// <summary>A record from the settings alone, for a checkpoint that kept none (epochs as requested, timing unknown).</summary>
    private TrainingRecord FromOptions(TrainingOptions options, ImageModel model) => new()
    {
        Noise = new DenoiseApi.ModelStore.NoiseSpec(options.Noise.TypeName, options.Noise.Level),
        Loss = model is ClassifierModel ? "softmax cross-entropy" : "binary cross-entropy (from logits)",
        Optimizer = string.Create(CultureInfo.InvariantCulture, $"Adam (beta1 0.9, beta2 0.999, eps 1e-8), {options.Schedule} schedule, early stopping patience {options.Patience}"),
        LearningRate = options.LearningRate,
        BatchSize = options.BatchSize,
        Epochs = options.Epochs,
        Seed = options.Seed,
        Command = commandLine,
    };

    private TrainingRecord Record(TrainingOptions options, string loss, TrainingResult result) => new()
    {
        Noise = new DenoiseApi.ModelStore.NoiseSpec(options.Noise.TypeName, options.Noise.Level),
        Loss = loss,
        Optimizer = string.Create(CultureInfo.InvariantCulture, $"Adam (beta1 0.9, beta2 0.999, eps 1e-8), {options.Schedule} schedule, early stopping patience {options.Patience}, best epoch {result.BestEpoch} of {result.EpochsRun}"),
        LearningRate = options.LearningRate,
        BatchSize = options.BatchSize,
        Epochs = result.EpochsRun,
        Seed = options.Seed,
        TrainImages = result.TrainImages,
        ValidationImages = result.ValidationImages,
        SecondsPerEpoch = Math.Round(result.SecondsPerEpoch, 3),
        Command = commandLine,
    };

    private void Write(string name, ImageModel model, string description, string? family, TrainingRecord training, Dictionary<string, double> metrics)
    {
        var (directory, manifest) = ModelPublisher.Publish(outputRoot, name, version, model, description, family, training, metrics);
        log.WriteLine($"Wrote {directory} ({manifest.Kind}, {manifest.ParameterCount:N0} parameters, sha256 {manifest.Sha256[..12]}…)");
    }
}
