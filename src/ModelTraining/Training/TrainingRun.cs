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

    /// <summary>
    /// The noises every model is scored on after training (issue #18's table): clean digits and each kind at the level
    /// the tutorials and the service's goals use. A denoiser's own training noise comes first when it is another one.
    /// </summary>
    public static IReadOnlyList<NoiseSpec> EvaluationNoises { get; } =
        [NoiseSpec.None, ExtraDenoiserNoise, NoiseSpec.Parse("uniform:0.9"), NoiseSpec.Parse("salt-pepper:0.2"), NoiseSpec.Parse("mask:0.3")];

    /// <summary>
    /// The noises a denoiser is scored on, in order: its training noise (Gaussian 0.5 for none), then the
    /// <see cref="EvaluationNoises"/> not yet scored. The first gives the manifest's plain metric names.
    /// </summary>
    public static IReadOnlyList<NoiseSpec> DenoiserNoises(NoiseSpec trainingNoise)
    {
        var own = trainingNoise.Type == NoiseType.None ? ExtraDenoiserNoise : trainingNoise;
        return [own, .. EvaluationNoises.Where(n => n != own)];
    }

    /// <summary>The noises a classifier is scored on: uniform 0.9 (the tutorials' pipeline noise) first, then the other <see cref="EvaluationNoises"/>.</summary>
    public static IReadOnlyList<NoiseSpec> ClassifierNoises { get; } =
        [ModelRecipe.PipelineNoise, .. EvaluationNoises.Where(n => n != ModelRecipe.PipelineNoise)];

    /// <summary>Test metrics of a denoiser on each of <see cref="DenoiserNoises"/>.</summary>
    public static TestResults EvaluateDenoiser(MnistDataset testSet, DenoiserModel model, NoiseSpec trainingNoise, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var results = new List<DenoiserMetrics>();
        foreach (var noise in DenoiserNoises(trainingNoise))
        {
            var metrics = DenoiserEvaluation.Run(testSet, noise.Create(), EvaluationSeed, model.AsInference());
            writer.WriteLine($"Test: {metrics}");
            results.Add(metrics);
        }
        return TestResults.ForDenoiser([.. results]);
    }

    /// <summary>
    /// Test accuracy on clean digits and on each of <see cref="ClassifierNoises"/>, as is and, with a denoiser (named
    /// <paramref name="denoiserName"/>), denoised first.
    /// </summary>
    public static TestResults EvaluateClassifier(MnistDataset testSet, ClassifierModel model, DenoiserModel? denoiser, string? denoiserName, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(writer);
        var results = ClassifierEvaluation.RunAll(testSet, ClassifierNoises, EvaluationSeed, model.AsInference(), denoiser?.AsInference());
        foreach (var metrics in results) writer.WriteLine($"Test: {metrics}");
        return TestResults.ForClassifier(results, denoiser is null ? null : denoiserName);
    }

    private (MnistDataset Train, MnistDataset? Validation) Split(TrainingOptions options)
    {
        if (options.ValidationCount == 0) return (trainingFile, null);
        var (train, validation) = trainingFile.Split(options.ValidationCount, options.Seed);
        return (train, validation);
    }
}
