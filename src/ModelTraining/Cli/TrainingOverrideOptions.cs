using System.CommandLine;
using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// The options that override a model's training defaults and quality targets (<c>--epochs</c>, <c>--noise</c>,
/// <c>--min-psnr</c>, ...), shared by <c>train</c> and <c>train-zoo</c>; read back as one <see cref="TrainingOverrides"/>.
/// </summary>
internal sealed class TrainingOverrideOptions
{
    private readonly Option<int?> epochs = new("--epochs") { Description = "Maximum epochs (early stopping may end sooner)." };
    private readonly Option<int?> seed = new("--seed") { Description = "Seed of initialisation, shuffling, split and noise." };
    private readonly Option<int?> batchSize = new("--batch-size") { Description = "Mini-batch size." };
    private readonly Option<float?> lr = new("--lr") { Description = "Adam learning rate." };
    private readonly Option<string?> noise = new("--noise") { Description = "Training noise of a denoiser, e.g. gaussian:0.5, uniform:0.9, salt-pepper:0.2, mask:0.3." };
    private readonly Option<int?> patience = new("--patience") { Description = "Epochs without validation improvement before stopping." };
    private readonly Option<int?> validation = new("--validation") { Description = "Training images held out for validation (default 6000)." };
    private readonly Option<LearningRateSchedule?> schedule = new("--schedule") { Description = "Learning-rate schedule: Constant or Cosine." };
    private readonly Option<double?> minPsnr = new("--min-psnr") { Description = "Denoiser quality target: mean test PSNR (dB) on its training noise." };
    private readonly Option<double?> minAccuracy = new("--min-accuracy") { Description = "Classifier quality target: clean test accuracy (0-1)." };
    private readonly Option<double?> minDenoised = new("--min-denoised-accuracy") { Description = "Classifier quality target: accuracy on uniform-0.9 noisy test digits after the denoiser (0-1)." };
    private readonly Option<double?> augment = new("--augment-denoised") { Description = "Classifier: fraction of each batch replaced by denoised uniform-0.9 noisy digits (0-1)." };
    private readonly Option<string?> startFrom = new("--start-from") { Description = "Initialise from a published model of the same architecture in --out (name or name/version) instead of the recipe's start; 'none' = fresh initialisation. --continue and --from-checkpoint take precedence." };
    private readonly RuntimeOptions runtime = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { epochs, seed, batchSize, lr, noise, patience, validation, schedule, minPsnr, minAccuracy, minDenoised, augment, startFrom })
        {
            command.Options.Add(option);
        }
        runtime.AddTo(command);
    }

    /// <summary>The overrides given on the command line; false (and the reason) when <c>--noise</c> does not parse.</summary>
    public bool TryRead(ParseResult parse, out TrainingOverrides overrides, out string? error)
    {
        NoiseSpec? noiseSpec = null;
        error = null;
        if (parse.GetValue(noise) is string noiseText)
        {
            if (!NoiseSpec.TryParse(noiseText, out var parsed, out error))
            {
                overrides = TrainingOverrides.None;
                return false;
            }
            noiseSpec = parsed;
        }
        overrides = new TrainingOverrides(
            parse.GetValue(epochs), parse.GetValue(seed), parse.GetValue(batchSize), parse.GetValue(lr), noiseSpec,
            parse.GetValue(patience), parse.GetValue(validation), parse.GetValue(schedule),
            parse.GetValue(minPsnr), parse.GetValue(minAccuracy), parse.GetValue(minDenoised), parse.GetValue(augment))
        {
            Device = runtime.Read(parse).Device,
            Threads = runtime.Read(parse).Threads,
            StartFrom = parse.GetValue(startFrom),
        };
        return true;
    }
}
