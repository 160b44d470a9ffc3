using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting.Progress;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Trains the dense models on MNIST and evaluates them on the test set: splits the training file into train and
/// validation parts, runs <see cref="Trainer"/> (shown by <paramref name="progress"/>, by default one line per epoch to
/// <paramref name="log"/>), and measures the test metrics that go into the manifests.
/// </summary>
public sealed class TrainingRun(MnistDataset trainingFile, MnistDataset test, TextWriter log, ITrainingProgress? progress = null)
{
    private readonly ITrainingProgress display = progress ?? new PlainTrainingProgress(log);

    /// <summary>Seed of the noisy test digits every evaluation uses (fixed, so metrics compare across runs).</summary>
    public const int EvaluationSeed = 2026;

    /// <summary>Second noise every denoiser is also evaluated on (the service's integration test uses it).</summary>
    public static NoiseSpec ExtraDenoiserNoise { get; } = NoiseSpec.Parse("gaussian:0.5");

    public MnistDataset Test => test;

    public (DenseAutoencoder Model, TrainingResult Result, TestResults Test) TrainDenoiser(TrainingOptions options, int latentSize = 64)
    {
        var model = new DenseAutoencoder(latentSize, options.Seed);
        log.WriteLine($"Training {model.Architecture} ({model.ParameterCount:N0} parameters), noise {options.Noise}, batch {options.BatchSize}, lr {options.LearningRate} {options.Schedule}, up to {options.Epochs} epochs, seed {options.Seed}");
        var (train, validation) = Split(options);
        var task = new DenoiserTask(model, options.Noise, options.Seed);
        var result = display.Track((onEpoch, onBatch) => Trainer.Fit(task, train, validation, options, onEpoch, onBatch));
        log.WriteLine($"Best epoch {result.BestEpoch} of {result.EpochsRun}; {result.SecondsPerEpoch:F2} s/epoch (fastest {result.FastestEpochSeconds:F2} s, cpu {result.CpuSecondsPerEpoch:F2} s), {result.ImagesPerSecond:N0} img/s");
        return (model, result, EvaluateDenoiser(model, options.Noise));
    }

    public (MlpClassifier Model, TrainingResult Result, TestResults Test) TrainClassifier(
        TrainingOptions options, DenoiserModel? denoiser, double denoisedAugmentation, int hidden = 256)
    {
        var model = new MlpClassifier(hidden, options.Seed);
        var augmentation = denoiser is not null && denoisedAugmentation > 0
            ? new ClassifierAugmentation(denoiser, ModelRecipe.PipelineNoise, denoisedAugmentation)
            : null;
        log.WriteLine($"Training {model.Architecture} ({model.ParameterCount:N0} parameters), batch {options.BatchSize}, lr {options.LearningRate} {options.Schedule}, up to {options.Epochs} epochs, seed {options.Seed}"
            + (augmentation is null ? "" : $", {augmentation.Fraction:P0} of each batch {augmentation.Noise} noisy then denoised"));
        var (train, validation) = Split(options);
        var task = new ClassifierTask(model, options.Seed, augmentation, options.MaxShift);
        var result = display.Track((onEpoch, onBatch) => Trainer.Fit(task, train, validation, options, onEpoch, onBatch));
        log.WriteLine($"Best epoch {result.BestEpoch} of {result.EpochsRun}; {result.SecondsPerEpoch:F2} s/epoch (fastest {result.FastestEpochSeconds:F2} s, cpu {result.CpuSecondsPerEpoch:F2} s), {result.ImagesPerSecond:N0} img/s");
        return (model, result, EvaluateClassifier(model, denoiser, ModelRecipe.DenseDae64));
    }

    /// <summary>Test metrics of a denoiser on its training noise (first) and on Gaussian 0.5.</summary>
    public TestResults EvaluateDenoiser(DenoiserModel model, NoiseSpec trainingNoise) => EvaluateDenoiser(test, model, trainingNoise, log);

    /// <summary>Test accuracy on clean, uniform-0.9 noisy and (with a denoiser, named <paramref name="denoiserName"/>) denoised noisy digits.</summary>
    public TestResults EvaluateClassifier(ClassifierModel model, DenoiserModel? denoiser, string? denoiserName) => EvaluateClassifier(test, model, denoiser, denoiserName, log);

    /// <summary>As the instance method, on the test digits <paramref name="testSet"/>, logging to <paramref name="writer"/>.</summary>
    public static TestResults EvaluateDenoiser(MnistDataset testSet, DenoiserModel model, NoiseSpec trainingNoise, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var noise = trainingNoise.Type == NoiseType.None ? ExtraDenoiserNoise : trainingNoise;
        var own = DenoiserEvaluation.Run(testSet, noise.Create(), EvaluationSeed, model.AsInference());
        writer.WriteLine($"Test: {own}");
        if (noise == ExtraDenoiserNoise) return TestResults.ForDenoiser(own);
        var extra = DenoiserEvaluation.Run(testSet, ExtraDenoiserNoise.Create(), EvaluationSeed, model.AsInference());
        writer.WriteLine($"Test: {extra}");
        return TestResults.ForDenoiser(own, extra);
    }

    /// <summary>As the instance method, on the test digits <paramref name="testSet"/>, logging to <paramref name="writer"/>.</summary>
    public static TestResults EvaluateClassifier(MnistDataset testSet, ClassifierModel model, DenoiserModel? denoiser, string? denoiserName, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var metrics = ClassifierEvaluation.Run(testSet, ModelRecipe.PipelineNoise.Create(), EvaluationSeed, model.AsInference(), denoiser?.AsInference());
        writer.WriteLine($"Test: {metrics}");
        return TestResults.ForClassifier(metrics, denoiser is null ? null : denoiserName);
    }

    private (MnistDataset Train, MnistDataset? Validation) Split(TrainingOptions options)
    {
        if (options.ValidationCount == 0) return (trainingFile, null);
        var (train, validation) = trainingFile.Split(options.ValidationCount, options.Seed);
        return (train, validation);
    }
}
