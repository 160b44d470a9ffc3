using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting.Progress;
using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Trains a model on an MNIST training file and evaluates models on the test set: splits the file into train and
/// validation parts, runs <see cref="Trainer"/> with the model's task (shown by <paramref name="progress"/>, by default
/// one line per epoch to <paramref name="log"/>), and measures the test metrics that go into the manifests.
/// </summary>
public sealed class TrainingRun(MnistDataset trainingFile, TextWriter log, ITrainingProgress? progress = null)
{
    private readonly ITrainingProgress display = progress ?? new PlainTrainingProgress(log);

    /// <summary>Seed of the noisy test digits every evaluation uses (fixed, so metrics compare across runs).</summary>
    public const int EvaluationSeed = 2026;

    /// <summary>Second noise every denoiser is also evaluated on (the service's integration test uses it).</summary>
    public static NoiseSpec ExtraDenoiserNoise { get; } = NoiseSpec.Parse("gaussian:0.5");

    /// <summary>
    /// Trains <paramref name="model"/> (a denoiser on <see cref="TrainingOptions.Noise"/>, or a classifier with
    /// <see cref="TrainingOptions.MaxShift"/> and the optional denoised <paramref name="augmentation"/>) on the training
    /// file less the validation part; the best epoch's weights are in the model afterwards. <paramref name="afterEpoch"/>,
    /// when given, runs after every epoch's report with that epoch's weights in the model (e.g. to keep a checkpoint an
    /// interrupted run can continue from).
    /// </summary>
    public TrainingResult Fit(ImageModel model, TrainingOptions options, ClassifierAugmentation? augmentation = null, Action<EpochReport>? afterEpoch = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var device = TorchRuntime.Select(options.Device);
        TorchRuntime.SetThreads(options.Threads);
        model.to(device);
        augmentation?.Denoiser.to(device);
        ITrainingTask task = model switch
        {
            ClassifierModel classifier => new ClassifierTask(classifier, options.Seed, device, augmentation, options.MaxShift),
            DenoiserModel denoiser when augmentation is null => new DenoiserTask(denoiser, options.Noise, options.Seed, device),
            DenoiserModel => throw new ArgumentException("Denoised augmentation is for classifiers.", nameof(augmentation)),
            _ => throw new ArgumentException($"{model.Architecture} is neither a denoiser nor a classifier.", nameof(model)),
        };
        var (train, validation) = Split(options);
        using var trainTensors = MnistTensors.From(train, device);
        // Shuffling and training noise come from torch's generator: one seed makes a run repeatable on the same machine.
        manual_seed(options.Seed);
        try
        {
            return display.Track((onEpoch, onBatch) => Trainer.Fit(task, trainTensors, validation, options, onEpoch + afterEpoch, onBatch));
        }
        finally
        {
            (task as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Test metrics of <paramref name="model"/> on <paramref name="testSet"/>, logged to <paramref name="writer"/>: a
    /// denoiser's (<see cref="EvaluateDenoiser"/>) or a classifier's (<see cref="EvaluateClassifier"/>).
    /// </summary>
    public static TestResults Evaluate(MnistDataset testSet, ImageModel model, NoiseSpec trainingNoise, DenoiserModel? pipeline, string? pipelineName, TextWriter writer) => model switch
    {
        ClassifierModel classifier => EvaluateClassifier(testSet, classifier, pipeline, pipelineName, writer),
        DenoiserModel denoiser => EvaluateDenoiser(testSet, denoiser, trainingNoise, writer),
        _ => throw new ArgumentException($"{model.Architecture} is neither a denoiser nor a classifier.", nameof(model)),
    };

    /// <summary>Test metrics of a denoiser on its training noise (first) and on Gaussian 0.5.</summary>
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

    /// <summary>Test accuracy on clean, uniform-0.9 noisy and (with a denoiser, named <paramref name="denoiserName"/>) denoised noisy digits.</summary>
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
