using System.CommandLine;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>export --model &lt;name&gt;</c>: writes models/&lt;name&gt;/&lt;version&gt;/{model.onnx, manifest.json} (and the encoder)
/// from the checkpoint a training run kept, without training: the weights are evaluated on the test set (the manifest's
/// metrics), reported, and checked against the model's quality targets first (the same steps as after training).
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Architecture: " + string.Join(", ", ModelCatalog.All.Select(e => e.Name)), Required = true };
        model.AcceptOnlyFromAmong([.. ModelCatalog.All.Select(e => e.Name)]);
        var name = new Option<string?>("--name") { Description = "Publish under this name (a variant such as conv-dae-uniform; its checkpoint is the one read)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint folder (default: the newest checkpoints/<name>/<version>/ beside --out)." };
        var pipeline = new Option<string?>("--pipeline-denoiser") { Description = "Classifier: a denoiser of the --out repository for the denoise->classify metric." };
        var minPsnr = new Option<double?>("--min-psnr") { Description = "Denoiser quality target: mean test PSNR (dB) on its training noise." };
        var minAccuracy = new Option<double?>("--min-accuracy") { Description = "Classifier quality target: clean test accuracy (0-1)." };
        var minDenoised = new Option<double?>("--min-denoised-accuracy") { Description = "Classifier quality target: accuracy on uniform-0.9 noisy test digits after the denoiser (0-1)." };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var output = new Option<string>("--out", "-o") { Description = "Model repository root.", DefaultValueFactory = _ => "models" };
        var version = new Option<int?>("--version") { Description = "Version folder to write (default: the next after the repository's newest version of the model)." };
        var reports = new ReportOptions();
        var command = new Command("export", "Write a model (ONNX + manifest) from a training checkpoint without retraining, after checking its targets.")
        {
            model, name, checkpoint, pipeline, minPsnr, minAccuracy, minDenoised, data, output, version,
        };
        reports.AddTo(command);
        command.SetAction(parse =>
        {
            var log = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(version) is <= 0)
            {
                error.WriteLine("--version must be a positive integer.");
                return ExitCodes.BadArguments;
            }
            var entry = ModelCatalog.Find(parse.GetValue(model)!);
            var targets = new TrainingOverrides(null, null, null, null, null, null, null, null, parse.GetValue(minPsnr), parse.GetValue(minAccuracy), parse.GetValue(minDenoised), null)
                .ApplyTargets(entry.Targets);
            var publishName = parse.GetValue(name);
            var outputRoot = parse.GetValue(output)!;
            var settings = new RecipeRunSettings
            {
                PublishName = publishName,
                PipelineDenoiser = parse.GetValue(pipeline),
                FromCheckpoint = true,
                CheckpointPath = parse.GetValue(checkpoint),
                ReportDirectory = reports.Read(parse, outputRoot)(publishName ?? entry.Name),
            };
            var commandLine = "ModelTraining " + string.Join(" ", parse.Tokens.Select(t => t.Value));
            var export = new RecipeTrainer(parse.GetValue(data), outputRoot, parse.GetValue(version), commandLine, log, new PlainTrainingProgress(log));
            try
            {
                export.Export(entry, entry.Options, targets, settings);
                return ExitCodes.Success;
            }
            catch (QualityTargetMissedException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.QualityTargetMissed;
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
