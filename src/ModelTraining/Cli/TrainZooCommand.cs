using System.CommandLine;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>train-zoo --model &lt;name&gt;</c>: train one zoo model (its catalog settings, any option overrides), check its
/// quality targets and write it (and its encoder) into the model repository.
/// </summary>
internal static class TrainZooCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Zoo model: " + string.Join(", ", ZooCatalog.All.Select(e => e.Name)), Required = true };
        model.AcceptOnlyFromAmong([.. ZooCatalog.All.Select(e => e.Name)]);
        var name = new Option<string?>("--name") { Description = "Publish under this name instead (a variant, e.g. conv-dae-uniform with --noise uniform:0.9)." };
        var overrideOptions = new TrainingOverrideOptions();
        var reports = new ReportOptions();
        var pipeline = new Option<string?>("--pipeline-denoiser") { Description = "Classifier: a denoiser of the --out repository (its newest version) for the denoise->classify metric and augmentation." };
        var dryRun = new Option<bool>("--no-publish") { Description = "Train and evaluate only; write no model." };
        var continueTraining = new Option<bool>("--continue") { Description = "Start from the weights of the newest run's checkpoint (checkpoints/<name>/<version>/ beside --out) instead of a fresh initialisation." };
        var fromCheckpoint = new Option<bool>("--from-checkpoint") { Description = "Do not train: evaluate and publish the weights of the newest run's checkpoint." };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var output = new Option<string>("--out", "-o") { Description = "Model repository root.", DefaultValueFactory = _ => "models" };
        var version = new Option<int?>("--version") { Description = "Version folder to write (default: the next after the repository's newest version of the model, 1 for a new model)." };
        var command = new Command("train-zoo", "Train one zoo model (conv and deep dense models), check its targets and write models/<name>/<version>.")
        {
            model, name, pipeline, dryRun, fromCheckpoint, continueTraining, data, output, version,
        };
        overrideOptions.AddTo(command);
        reports.AddTo(command);
        command.SetAction(parse =>
        {
            var entry = ZooCatalog.Find(parse.GetValue(model)!);
            if (parse.GetValue(version) is <= 0)
            {
                Console.Error.WriteLine("--version must be a positive integer.");
                return ExitCodes.BadArguments;
            }
            if (!overrideOptions.TryRead(parse, out var overrides, out var error))
            {
                Console.Error.WriteLine(error);
                return ExitCodes.BadArguments;
            }
            var options = overrides.Apply(entry.Options);
            var targets = overrides.ApplyTargets(entry.Targets);
            var settings = new RecipeRunSettings
            {
                PublishName = parse.GetValue(name),
                PipelineDenoiser = parse.GetValue(pipeline),
                DenoisedAugmentation = overrides.DenoisedAugmentation ?? entry.DenoisedAugmentation,
                Publish = !parse.GetValue(dryRun),
                FromCheckpoint = parse.GetValue(fromCheckpoint),
                ContinueFromCheckpoint = parse.GetValue(continueTraining),
                StartFrom = overrides.StartFrom,
                ReportDirectory = reports.Read(parse, parse.GetValue(output)!)(parse.GetValue(name) ?? entry.Name),
            };
            var commandLine = "ModelTraining " + string.Join(" ", parse.Tokens.Select(t => t.Value));
            var training = new RecipeTrainer(parse.GetValue(data), parse.GetValue(output)!, parse.GetValue(version), commandLine, Console.Out, TrainingProgress.ForConsole());
            try
            {
                training.Train(entry, options, targets, settings);
                return ExitCodes.Success;
            }
            catch (QualityTargetMissedException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.QualityTargetMissed;
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
