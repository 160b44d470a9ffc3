using System.CommandLine;
using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting;
using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;
using NoiseType = DenoiseApi.Noise.NoiseType;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>evaluate --model &lt;name&gt;</c>: loads a model of the repository back into TorchSharp (its ONNX weights, matched
/// to the architecture by parameter name and shape) and scores it on the MNIST test set with the training run's noisy
/// digits (same seed), a row per noise: MSE, BCE, PSNR and SSIM for a denoiser; accuracy on clean, noisy and denoised
/// digits for a classifier; for an encoder, the accuracy of a linear probe on its latent (<see cref="LinearProbe"/>).
/// Prints a markdown table; <c>--report</c> also writes a report folder.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Repository model to evaluate: a denoiser, a classifier, or an encoder (scored by a linear probe on its latent).", Required = true };
        var version = new Option<int?>("--version") { Description = "Version (default: the newest)." };
        var root = new Option<string>("--models") { Description = "Model repository root.", DefaultValueFactory = _ => "models" };
        var noise = new Option<string[]>("--noise") { Description = "Noise(s) to evaluate on, e.g. gaussian:0.5 uniform:0.9 salt-pepper:0.2 mask:0.3 (default: a denoiser's training noise, then none, gaussian:0.5, uniform:0.9, salt-pepper:0.2 and mask:0.3; a classifier or encoder: uniform:0.9 and the same others).", AllowMultipleArgumentsPerToken = true };
        var denoiser = new Option<string?>("--denoiser") { Description = "Classifier: repository denoiser run on the noisy digits before classifying (default: the manifest's family when it is a denoiser; 'none' for no pipeline)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the noisy test digits (the training runs' evaluation uses the default).", DefaultValueFactory = _ => TrainingRun.EvaluationSeed };
        var images = new Option<int?>("--images") { Description = "Evaluate on the first N test digits only (default all 10,000)." };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var report = new Option<string?>("--report") { Description = "Also write a report folder (samples.png, README.md) here." };
        var command = new Command("evaluate", "Evaluate a repository model on the MNIST test set and print a markdown table.")
        {
            model, version, root, noise, denoiser, seed, images, data, report,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var noises = new List<NoiseSpec>();
            foreach (var text in parse.GetValue(noise) ?? [])
            {
                if (!NoiseSpec.TryParse(text, out var spec, out var reason))
                {
                    error.WriteLine(reason);
                    return ExitCodes.BadArguments;
                }
                noises.Add(spec);
            }
            if (parse.GetValue(images) is <= 0)
            {
                error.WriteLine("--images must be a positive integer.");
                return ExitCodes.BadArguments;
            }
            var request = new EvaluationRequest(parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(root)!, noises, parse.GetValue(denoiser), parse.GetValue(seed), parse.GetValue(images), parse.GetValue(data));
            try
            {
                var (loaded, test, testSet) = Evaluate(request);
                output.WriteLine(Heading(loaded, testSet.Count, request.Seed));
                output.WriteLine();
                output.Write(ResultTables.For(test));
                if (loaded.Model is EncoderModel encoder)
                {
                    output.WriteLine();
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Accuracies are a linear probe's: Linear({encoder.LatentSize}, 10) on the standardised latent, fitted on the first {LinearProbe.TrainingDigits:N0} clean training digits (Adam {LinearProbe.LearningRate}, {LinearProbe.Epochs} epochs, batch {LinearProbe.BatchSize}) with the encoder frozen."));
                }
                if (parse.GetValue(report) is string directory)
                {
                    if (loaded.Model is EncoderModel)
                    {
                        error.WriteLine("--report writes denoiser and classifier reports; an encoder's probe table is printed only.");
                        return ExitCodes.BadArguments;
                    }
                    var commandLine = "ModelTraining " + string.Join(" ", parse.Tokens.Select(t => t.Value));
                    var content = RunReports.Create(loaded.Manifest.Name, loaded.Model, test, testSet, request.Seed, description: loaded.Manifest.Description, command: commandLine)
                        with { Provenance = Provenance(loaded.Manifest) };
                    foreach (var path in RunReportWriter.Write(directory, content)) output.WriteLine($"Wrote {path}");
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>What to evaluate: the model, its repository, the noises (empty: the defaults), the classifier's denoiser, seed and data.</summary>
    public sealed record EvaluationRequest(string Model, int? Version, string Root, IReadOnlyList<NoiseSpec> Noises, string? Denoiser, int Seed, int? Images, string? Data);

    /// <summary>Loads the model (and a classifier's pipeline denoiser) and runs the evaluation.</summary>
    public static (RepositoryModel Model, TestResults Results, MnistDataset TestSet) Evaluate(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var loaded = RepositoryModel.LoadAnyKind(request.Root, request.Model, request.Version);
        var test = MnistDataset.LoadTest(request.Data);
        if (request.Images is int limit && limit < test.Count) test = test.Take(limit);
        switch (loaded.Model)
        {
            case DenoiserModel denoiser:
            {
                var noises = request.Noises.Count > 0 ? request.Noises : DefaultDenoiserNoises(loaded.Manifest);
                var results = noises.Select(n => DenoiserEvaluation.Run(test, n.Create(), request.Seed, denoiser.AsInference())).ToArray();
                return (loaded, TestResults.ForDenoiser(results), test);
            }
            case ClassifierModel classifier:
            {
                var pipelineName = request.Denoiser ?? DefaultPipeline(request.Root, loaded.Manifest);
                var pipeline = pipelineName is null or "none" ? null : LoadDenoiser(request.Root, pipelineName);
                var metrics = ClassifierEvaluation.RunAll(test, ClassifierNoises(request), request.Seed, classifier.AsInference(), pipeline?.AsInference());
                return (loaded, TestResults.ForClassifier(metrics, pipeline is null ? null : pipelineName), test);
            }
            case EncoderModel encoder:
            {
                var train = MnistDataset.LoadTrain(request.Data).Take(LinearProbe.TrainingDigits);
                using var probe = LinearProbe.Fit(encoder.AsInference(), encoder.LatentSize, train, request.Seed);
                var metrics = ClassifierEvaluation.RunAll(test, ClassifierNoises(request), request.Seed, probe.Classify);
                return (loaded, TestResults.ForClassifier(metrics, null), test);
            }
            default:
                throw new ArgumentException($"'{request.Model}' is a {loaded.Manifest.Kind}; evaluate takes denoisers, classifiers and encoders.");
        }
    }

    /// <summary>A denoiser's own training noise, then the other evaluation noises (as the training run evaluates it).</summary>
    public static IReadOnlyList<NoiseSpec> DefaultDenoiserNoises(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return TrainingRun.DenoiserNoises(manifest.Training?.Noise is { } n ? NoiseSpec.FromManifest(n) : NoiseSpec.None);
    }

    private static IReadOnlyList<NoiseSpec> ClassifierNoises(EvaluationRequest request) =>
        request.Noises.Count > 0 ? request.Noises : TrainingRun.ClassifierNoises;

    private static string? DefaultPipeline(string root, ModelManifest manifest) =>
        manifest.Family is { } family && ModelLayout.Enumerate(root).Any(m => m.Name == family) ? family : null;

    private static DenoiserModel LoadDenoiser(string root, string name) =>
        RepositoryModel.Load(root, name).Model as DenoiserModel ?? throw new ArgumentException($"'{name}' is not a denoiser.");

    /// <summary>One paragraph on how the model was trained, from its manifest's training record.</summary>
    public static string? Provenance(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Training is not { } t) return null;
        var images = t.TrainImages > 0 ? string.Create(CultureInfo.InvariantCulture, $", {t.TrainImages:N0} training / {t.ValidationImages:N0} validation images") : "";
        var speed = t.SecondsPerEpoch > 0 ? string.Create(CultureInfo.InvariantCulture, $", {t.SecondsPerEpoch:F2} s/epoch") : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Version {manifest.Version}: {t.Epochs} epochs on {t.Noise.Type}:{t.Noise.Level} noise, batch {t.BatchSize}, learning rate {t.LearningRate}, seed {t.Seed}{images}{speed}; {t.Optimizer}; loss {t.Loss}. Trained by `{t.Command}`.");
    }

    private static string Heading(RepositoryModel loaded, int digits, int seed) => string.Create(
        CultureInfo.InvariantCulture,
        $"{loaded.Manifest.Name} v{loaded.Manifest.Version} ({loaded.Manifest.Architecture}, {loaded.Model.ParameterCount:N0} parameters from {Path.Combine(loaded.Directory, loaded.Manifest.File)}), {digits:N0} MNIST test digits, noise seed {seed}");
}
