using System.CommandLine;
using System.Globalization;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary><c>train --model &lt;name&gt;</c>: train one model (recipe defaults, any option overrides) and write it.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model", "-m") { Description = "Model to train: " + string.Join(", ", ModelRecipe.All.Select(r => r.Name)), Required = true };
        model.AcceptOnlyFromAmong([.. ModelRecipe.All.Select(r => r.Name)]);
        var overrideOptions = new TrainingOverrideOptions();
        var common = CommonOptions.Create();
        var command = new Command("train", "Train one model and write models/<name>/<version>/{model.onnx,manifest.json}.") { model };
        overrideOptions.AddTo(command);
        common.AddTo(command);

        command.SetAction(parse =>
        {
            if (!overrideOptions.TryRead(parse, out var overrides, out var error))
            {
                Console.Error.WriteLine(error);
                return ExitCodes.BadArguments;
            }
            var name = parse.GetValue(model)!;
            return common.Run(parse, workflow =>
            {
                if (name == ModelRecipe.MlpClassifier) workflow.TrainClassifier(overrides);
                else workflow.TrainDenoiser(overrides);
            });
        });
        return command;
    }
}

/// <summary>Process exit codes of the trainer.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadArguments = 2;
    public const int QualityTargetMissed = 3;
}

/// <summary>Options every training command has (data, output, version) and the shared run/exit-code logic.</summary>
internal sealed class CommonOptions
{
    private readonly Option<string?> data = new("--data") { Description = "Directory with the MNIST IDX files (default: $DENOISEAPI_CACHE/mnist or ~/.cache/denoiseapi/mnist)." };
    private readonly Option<string> output = new("--out", "-o") { Description = "Model repository root.", DefaultValueFactory = _ => "models" };
    private readonly Option<int?> version = new("--version") { Description = "Version folder to write (default: the next after the repository's newest version of the model, 1 for a new model)." };
    private readonly ReportOptions reports = new();
    private readonly Option<int?> trainImages = new("--train-images") { Description = "Use only the first N images of the training file (quick experiments: no checkpoint is kept, and a report only with --reports); default all 60,000." };

    public static CommonOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(data);
        command.Options.Add(output);
        command.Options.Add(version);
        command.Options.Add(trainImages);
        reports.AddTo(command);
    }

    public int Run(ParseResult parse, Action<ModelWorkflow> body)
    {
        var versionValue = parse.GetValue(version);
        if (versionValue is <= 0)
        {
            Console.Error.WriteLine("--version must be a positive integer.");
            return ExitCodes.BadArguments;
        }
        var limit = parse.GetValue(trainImages);
        if (limit is <= 0)
        {
            Console.Error.WriteLine("--train-images must be a positive integer.");
            return ExitCodes.BadArguments;
        }
        var commandLine = "ModelTraining " + string.Join(" ", parse.Tokens.Select(t => t.Value));
        var outputRoot = parse.GetValue(output)!;
        var workflow = new ModelWorkflow(parse.GetValue(data), outputRoot, versionValue, commandLine, Console.Out, limit, TrainingProgress.ForConsole(), reports.Read(parse, outputRoot, byDefault: limit is null));
        try
        {
            body(workflow);
            return ExitCodes.Success;
        }
        catch (QualityTargetMissedException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.QualityTargetMissed;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or InvalidDataException or ArgumentException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
    }

    public static string Format(float value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
