using System.CommandLine;
using System.Globalization;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Training.Noise.NoiseSpec;

namespace DenoiseApi.Training.Models.Conv;

/// <summary>The zoo's commands: <c>train-zoo</c> (train, check, publish one zoo model) and <c>bench-zoo</c> (training-step timing per model).</summary>
public static class ZooCommands
{
    public static Command CreateTrain()
    {
        var model = new Option<string>("--model", "-m") { Description = "Zoo model: " + string.Join(", ", ZooCatalog.All.Select(e => e.Name)), Required = true };
        model.AcceptOnlyFromAmong([.. ZooCatalog.All.Select(e => e.Name)]);
        var name = new Option<string?>("--name") { Description = "Publish under this name instead (a variant, e.g. conv-dae-uniform with --noise uniform:0.9)." };
        var epochs = new Option<int?>("--epochs") { Description = "Maximum epochs (early stopping may end sooner)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of initialisation, shuffling, split and noise." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Mini-batch size." };
        var lr = new Option<float?>("--lr") { Description = "Adam learning rate." };
        var noise = new Option<string?>("--noise") { Description = "Training noise of a denoiser, e.g. gaussian:0.5, uniform:0.9, salt-pepper:0.2, mask:0.3." };
        var patience = new Option<int?>("--patience") { Description = "Epochs without validation improvement before stopping." };
        var validation = new Option<int?>("--validation") { Description = "Training images held out for validation (default 6000)." };
        var schedule = new Option<LearningRateSchedule?>("--schedule") { Description = "Learning-rate schedule: Constant or Cosine." };
        var minPsnr = new Option<double?>("--min-psnr") { Description = "Denoiser target: mean test PSNR (dB) on its training noise." };
        var minAccuracy = new Option<double?>("--min-accuracy") { Description = "Classifier target: clean test accuracy (0-1)." };
        var minDenoised = new Option<double?>("--min-denoised-accuracy") { Description = "Classifier target: accuracy on uniform-0.9 noisy test digits after the pipeline denoiser (0-1)." };
        var pipeline = new Option<string?>("--pipeline-denoiser") { Description = "Classifier: trained zoo denoiser (its checkpoint) for the denoise->classify metric and augmentation." };
        var augment = new Option<double>("--augment-denoised") { Description = "Classifier: fraction of each batch replaced by pipeline-denoised uniform-0.9 noisy digits (0-1).", DefaultValueFactory = _ => 0 };
        var dryRun = new Option<bool>("--no-publish") { Description = "Train and evaluate only; write no model." };
        var continueTraining = new Option<bool>("--continue") { Description = "Start from the weights of the last run's checkpoint (fine-tuning) instead of a fresh initialisation." };
        var fromCheckpoint = new Option<bool>("--from-checkpoint") { Description = "Do not train: evaluate and publish the weights of the last run's checkpoint." };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var output = new Option<string>("--out", "-o") { Description = "Model repository root.", DefaultValueFactory = _ => "models" };
        var version = new Option<int>("--version") { Description = "Version folder to write.", DefaultValueFactory = _ => 1 };
        var command = new Command("train-zoo", "Train one zoo model (conv and deep dense models), check its targets and write models/<name>/<version>.")
        {
            model, name, epochs, seed, batchSize, lr, noise, patience, validation, schedule, minPsnr, minAccuracy, minDenoised, pipeline, augment, dryRun, fromCheckpoint, continueTraining, data, output, version,
        };
        command.SetAction(parse =>
        {
            var entry = ZooCatalog.Find(parse.GetValue(model)!);
            var noiseSpec = entry.Options.Noise;
            if (parse.GetValue(noise) is string noiseText && !NoiseSpec.TryParse(noiseText, out noiseSpec, out var error))
            {
                Console.Error.WriteLine(error);
                return 2;
            }
            var options = entry.Options with
            {
                Epochs = parse.GetValue(epochs) ?? entry.Options.Epochs,
                Seed = parse.GetValue(seed) ?? entry.Options.Seed,
                BatchSize = parse.GetValue(batchSize) ?? entry.Options.BatchSize,
                LearningRate = parse.GetValue(lr) ?? entry.Options.LearningRate,
                Noise = noiseSpec,
                Patience = parse.GetValue(patience) ?? entry.Options.Patience,
                ValidationCount = parse.GetValue(validation) ?? entry.Options.ValidationCount,
                Schedule = parse.GetValue(schedule) ?? entry.Options.Schedule,
            };
            var targets = entry.Targets.ToDictionary(t => t.Metric, StringComparer.Ordinal);
            if (parse.GetValue(minPsnr) is double psnr) targets["psnr_denoised_db"] = new QualityTarget("psnr_denoised_db", psnr);
            if (parse.GetValue(minAccuracy) is double accuracy) targets["accuracy_clean"] = new QualityTarget("accuracy_clean", accuracy);
            if (parse.GetValue(minDenoised) is double denoised) targets["accuracy_uniform_0.9_denoised"] = new QualityTarget("accuracy_uniform_0.9_denoised", denoised);
            var settings = new ZooRunSettings
            {
                PublishName = parse.GetValue(name),
                PipelineDenoiser = parse.GetValue(pipeline),
                DenoisedAugmentation = parse.GetValue(augment),
                Publish = !parse.GetValue(dryRun),
                FromCheckpoint = parse.GetValue(fromCheckpoint),
                ContinueFromCheckpoint = parse.GetValue(continueTraining),
            };
            var commandLine = "ModelTraining " + string.Join(" ", parse.Tokens.Select(t => t.Value));
            var training = new ZooTraining(parse.GetValue(data), parse.GetValue(output)!, parse.GetValue(version), commandLine, Console.Out);
            try
            {
                training.Train(entry, options, [.. targets.Values], settings);
                return 0;
            }
            catch (QualityTargetMissedException e)
            {
                Console.Error.WriteLine(e.Message);
                return 3;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
        });
        return command;
    }

    public static Command CreateBench()
    {
        var models = new Option<string[]>("--model", "-m") { Description = "Zoo models to time (default: all): " + string.Join(", ", ZooCatalog.All.Select(e => e.Name)), AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "Timed training steps per model.", DefaultValueFactory = _ => 40 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var command = new Command("bench-zoo", "Time training steps of zoo models (noise, forward, backward, Adam) and report s/epoch and GFLOP/s.")
        {
            models, steps, warmup, batch, data,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(models) is { Length: > 0 } chosen ? chosen : [.. ZooCatalog.All.Select(e => e.Name)];
            var train = MnistDataset.LoadTrain(parse.GetValue(data));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"engine: {Environment.ProcessorCount} cores, batch {parse.GetValue(batch)}, {parse.GetValue(steps)} timed steps, epoch = {ZooBenchmark.EpochImages:N0} images"));
            Console.WriteLine(ZooBenchmark.Header);
            foreach (var name in names)
            {
                var result = ZooBenchmark.Measure(ZooCatalog.Find(name), train, parse.GetValue(batch), parse.GetValue(warmup), parse.GetValue(steps), seed: 1);
                Console.WriteLine(ZooBenchmark.Format(result));
            }
            return 0;
        });
        return command;
    }
}
