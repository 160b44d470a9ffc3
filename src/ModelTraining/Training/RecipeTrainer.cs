using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting;
using DenoiseApi.Training.Reporting.Progress;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Training;

/// <summary>A model a <see cref="RecipeTrainer"/> run trained (or loaded) and the test metrics it was checked with.</summary>
public sealed record TrainedModel(ImageModel Model, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Makes a <see cref="ModelRecipe"/>'s model, the one way for every command (<c>train</c>, <c>train-shipped</c>,
/// <c>train-zoo</c>, <c>export</c>): trains it on MNIST (<see cref="TrainingRun"/>, <see cref="Trainer"/>), keeps its
/// weights as a checkpoint, evaluates it on the test set, writes its report, refuses to write it when a quality target
/// is missed, and otherwise publishes it (and its encoder) into the model repository. The MNIST files are read once
/// per instance; with <paramref name="trainImages"/> only the first that many training images are used (quick
/// experiments: no checkpoint is kept). A model is written as <paramref name="version"/>, or when that is null as the
/// version after the newest one the repository holds of that name (1 for a new name). The run's checkpoint is kept in
/// the run's own folder (<see cref="RunCheckpoint"/>), never in a shared cache.
/// </summary>
public sealed class RecipeTrainer(
    string? dataDirectory, string outputRoot, int? version, string commandLine, TextWriter log, ITrainingProgress? progress = null, int? trainImages = null)
{
    private TrainingRun? run;
    private MnistDataset? testSet;

    private MnistDataset TestSet => testSet ??= MnistDataset.LoadTest(dataDirectory);

    /// <summary>Trains <paramref name="recipe"/>'s model (or, with <see cref="RecipeRunSettings.FromCheckpoint"/>, exports its checkpoint), then evaluates, reports, checks and publishes it.</summary>
    public TrainedModel Train(ModelRecipe recipe, TrainingOptions options, IReadOnlyList<QualityTarget> targets, RecipeRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FromCheckpoint) return Export(recipe, options, targets, settings);
        var name = settings.PublishName ?? recipe.Name;
        var data = Run();
        var model = recipe.Create(options.Seed);
        var pipeline = PipelineFor(model, settings);
        var runVersion = VersionOf(name);
        var augmentation = pipeline is not null && settings.DenoisedAugmentation > 0
            ? new ClassifierAugmentation(pipeline, AugmentationNoise(options), settings.DenoisedAugmentation)
            : null;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Training {name} v{runVersion}: {model.Architecture} ({model.ParameterCount:N0} parameters), noise {options.Noise}, batch {options.BatchSize}, lr {options.LearningRate} {options.Schedule}, up to {options.Epochs} epochs, seed {options.Seed}, {TorchRuntime.Description} on {options.Device.ToString().ToLowerInvariant()} ({TorchRuntime.SetThreads(options.Threads)} threads)")
            + (augmentation is null ? "" : $", {augmentation.Fraction:P0} of each batch {augmentation.Noise} noisy then denoised"));

        string? startedFrom = null;
        if (settings.ContinueFromCheckpoint)
        {
            var previous = RunCheckpoint.Latest(outputRoot, name) ?? throw new FileNotFoundException($"No checkpoint of '{name}' under {Path.GetDirectoryName(RunCheckpoint.DirectoryFor(outputRoot, name, 1))} to continue from.");
            RunCheckpoint.Load(model, previous);
            log.WriteLine($"Continuing from {previous}");
        }
        else if ((settings.StartFrom ?? recipe.StartFrom) is { } start && start != StartingWeights.None)
        {
            startedFrom = StartingWeights.Load(model, outputRoot, start);
            log.WriteLine($"Starting from the weights of {startedFrom}");
        }
        var keepCheckpoint = settings.KeepCheckpoint && trainImages is null;
        var checkpoint = RunCheckpoint.DirectoryFor(outputRoot, name, runVersion);
        // Every epoch's weights are kept as they are made, so `--continue` resumes a run that was cut off.
        Action<EpochReport>? afterEpoch = keepCheckpoint ? _ => RunCheckpoint.Save(model, checkpoint) : null;
        var result = data.Fit(model, options, augmentation, afterEpoch);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best epoch {result.BestEpoch} of {result.EpochsRun}; {result.SecondsPerEpoch:F2} s/epoch (fastest {result.FastestEpochSeconds:F2} s, cpu {result.CpuSecondsPerEpoch:F2} s; {result.TrainImages:N0} images), {result.ImagesPerSecond:N0} img/s"));
        var record = Record(options, model, result) with { StartedFrom = startedFrom };
        if (keepCheckpoint)
        {
            RunCheckpoint.Save(model, checkpoint);
            RunCheckpoint.WriteRecord(checkpoint, record, result);
            log.WriteLine($"Checkpoint {checkpoint}");
        }
        return Finish(recipe, name, runVersion, model, pipeline, options, record, result, targets, settings);
    }

    /// <summary>
    /// Publishes a checkpoint without training: loads its weights (and the training record and epoch history kept
    /// beside it), evaluates the model on the test set, writes the report, checks the targets and writes the model.
    /// </summary>
    public TrainedModel Export(ModelRecipe recipe, TrainingOptions options, IReadOnlyList<QualityTarget> targets, RecipeRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var name = settings.PublishName ?? recipe.Name;
        var checkpoint = settings.CheckpointPath ?? RunCheckpoint.Latest(outputRoot, name)
            ?? throw new FileNotFoundException($"No checkpoint of '{name}' beside {Path.GetFullPath(outputRoot)} (checkpoints/{name}/<version>/): train it first.");
        var model = recipe.Create(options.Seed);
        RunCheckpoint.Load(model, checkpoint);
        var kept = RunCheckpoint.ReadRecord(checkpoint);
        var (record, result) = kept ?? (FromOptions(options, model), null);
        if (kept is not null) options = options with { Noise = NoiseSpec.FromManifest(record.Noise) }; // evaluate on the noise the weights were trained with
        log.WriteLine($"Loaded {checkpoint} (trained by: {record.Command}; noise {options.Noise})");
        return Finish(recipe, name, VersionOf(name), model, PipelineFor(model, settings), options, record, result, targets, settings);
    }

    /// <summary>Evaluation, report, quality check and publishing, the same after training and for an exported checkpoint.</summary>
    private TrainedModel Finish(
        ModelRecipe recipe, string name, int runVersion, ImageModel model, DenoiserModel? pipeline, TrainingOptions options, TrainingRecord record, TrainingResult? result,
        IReadOnlyList<QualityTarget> targets, RecipeRunSettings settings)
    {
        var test = TrainingRun.Evaluate(TestSet, model, options.Noise, pipeline, settings.PipelineDenoiser, log);
        var metrics = test.ToMetrics();

        var description = settings.Description ?? recipe.Description + (settings.PipelineDenoiser is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; pipeline denoiser {settings.PipelineDenoiser}, {settings.DenoisedAugmentation:P0} of each batch denoised {AugmentationNoise(options).ToString().Replace(':', '-')} noisy digits"));
        if (settings.ReportDirectory is { } reportDirectory)
        {
            var report = RunReports.Create(name, model, test, TestSet, TrainingRun.EvaluationSeed, result, description, commandLine);
            log.WriteLine($"Report {Path.Combine(reportDirectory, RunReportWriter.MarkdownFile)}");
            RunReportWriter.Write(reportDirectory, report);
        }

        var misses = QualityTarget.Misses(targets, metrics);
        if (misses.Count > 0) throw new QualityTargetMissedException(name, misses);
        if (targets.Count > 0) log.WriteLine($"{name} meets its targets: {string.Join(", ", targets)}");
        if (!settings.Publish) return new TrainedModel(model, metrics);

        Write(name, runVersion, model, description, settings.PipelineDenoiser, record, metrics, test.ToEvaluationTable(TestSet.Count, TrainingRun.EvaluationSeed));
        if (model is DenoiserModel and IAutoencoder && recipe.EncoderName is not null)
        {
            var encoder = new EncoderModel((DenoiserModel)model);
            var encoderName = settings.PublishName is null ? recipe.EncoderName : name + "-encoder";
            Write(encoderName, VersionOf(encoderName), encoder, $"encoder half of {name} (same weights): image -> {encoder.LatentSize}-d latent", name, record, metrics);
        }
        return new TrainedModel(model, metrics);
    }

    /// <summary>The training run on the training file (its first <c>trainImages</c> when limited), read on first use.</summary>
    private TrainingRun Run()
    {
        if (run is not null) return run;
        log.WriteLine($"MNIST from {MnistFiles.Locate(dataDirectory).Directory}");
        var trainingFile = MnistDataset.LoadTrain(dataDirectory);
        if (trainImages is int limit && limit < trainingFile.Count)
        {
            log.WriteLine($"Using the first {limit:N0} of {trainingFile.Count:N0} training images.");
            trainingFile = trainingFile.Take(limit);
        }
        run = new TrainingRun(trainingFile, log, progress);
        return run;
    }

    /// <summary>A classifier's denoised share is noised with its training noise, or the tutorials' uniform 0.9 when it has none.</summary>
    private static NoiseSpec AugmentationNoise(TrainingOptions options) =>
        options.Noise.Type == DenoiseApi.Noise.NoiseType.None ? ModelRecipe.PipelineNoise : options.Noise;

    private DenoiserModel? PipelineFor(ImageModel model, RecipeRunSettings settings) =>
        model is not ClassifierModel ? null
        : settings.PipelineDenoiserModel ?? (settings.PipelineDenoiser is { } name ? LoadDenoiser(name) : null);

    private DenoiserModel LoadDenoiser(string name)
    {
        var recipe = Evaluation.Repository.ModelCatalog.Resolve(name)
            ?? throw new ArgumentException($"'{name}' is not a zoo denoiser (or a variant named <zoo-name>-…).", nameof(name));
        if (recipe.Kind != ModelKind.Denoiser) throw new ArgumentException($"'{name}' is a {recipe.Kind}, not a denoiser.", nameof(name));
        return Evaluation.Repository.RepositoryModel.Load(outputRoot, name).Model as DenoiserModel
            ?? throw new ArgumentException($"'{name}' in {outputRoot} is not a denoiser.", nameof(name));
    }

    private static string LossOf(ImageModel model) => model is ClassifierModel ? "softmax cross-entropy" : "binary cross-entropy (from logits)";

    /// <summary>The learning rate as the decimal it was written as (0.002f as 0.002, not 0.0020000000949949026).</summary>
    private static double Decimal(float learningRate) => (double)(decimal)learningRate;

    /// <summary>A record from the settings alone, for a checkpoint that kept none (epochs as requested, timing unknown).</summary>
    private TrainingRecord FromOptions(TrainingOptions options, ImageModel model) => new()
    {
        Noise = new DenoiseApi.ModelStore.NoiseSpec(options.Noise.TypeName, options.Noise.Level),
        Loss = LossOf(model),
        Optimizer = Optimizer(options),
        LearningRate = Decimal(options.LearningRate),
        BatchSize = options.BatchSize,
        Epochs = options.Epochs,
        Seed = options.Seed,
        Command = commandLine,
        Framework = TorchRuntime.Description,
        Device = options.Device.ToString().ToLowerInvariant(),
    };

    /// <summary>The settings' record completed by what the run did: its best epoch, epochs run, data sizes and timing.</summary>
    private TrainingRecord Record(TrainingOptions options, ImageModel model, TrainingResult result) => FromOptions(options, model) with
    {
        Optimizer = string.Create(CultureInfo.InvariantCulture, $"{Optimizer(options)}, best epoch {result.BestEpoch} of {result.EpochsRun}"),
        Epochs = result.EpochsRun,
        TrainImages = result.TrainImages,
        ValidationImages = result.ValidationImages,
        SecondsPerEpoch = Math.Round(result.SecondsPerEpoch, 3),
    };

    private static string Optimizer(TrainingOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"Adam (beta1 0.9, beta2 0.999, eps 1e-8), {options.Schedule} schedule, early stopping patience {options.Patience}");

    /// <summary>The version a model of this name is written as: --version, else the next after the repository's newest.</summary>
    private int VersionOf(string name) =>
        version ?? (ModelLayout.Enumerate(outputRoot).Where(m => m.Name == name).Select(m => m.Version).DefaultIfEmpty(0).Max() + 1);

    private void Write(
        string name, int modelVersion, ImageModel model, string description, string? family, TrainingRecord training, Dictionary<string, double> metrics, EvaluationTable? evaluation = null)
    {
        var (directory, manifest) = ModelPublisher.Publish(outputRoot, name, modelVersion, model, description, family, training, metrics, evaluation);
        log.WriteLine($"Wrote {directory} ({manifest.Kind}, {manifest.ParameterCount:N0} parameters, sha256 {manifest.Sha256[..12]}…)");
    }
}
