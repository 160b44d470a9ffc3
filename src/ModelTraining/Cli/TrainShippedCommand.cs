using System.CommandLine;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>train-shipped</c>: reproduces the committed models with their fixed recipes and seeds — dense-dae-64 and its
/// encoder, then mlp-classifier trained with that autoencoder in its pipeline.
/// </summary>
internal static class TrainShippedCommand
{
    public static Command Create()
    {
        var common = CommonOptions.Create();
        var command = new Command("train-shipped", "Train and write every shipped model (dense-dae-64, dense-dae-64-encoder, mlp-classifier) with the fixed seeds.");
        common.AddTo(command);
        command.SetAction(parse => common.Run(parse, workflow =>
        {
            workflow.TrainDenoiser(TrainingOverrides.None);
            workflow.TrainClassifier(TrainingOverrides.None);
        }));
        return command;
    }
}

/// <summary><c>list</c>: every model the trainer can make (the first dense models and the zoo), with the command that trains it, its settings and quality targets.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the models the trainer can make.");
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var entry in ModelCatalog.All)
            {
                var o = entry.Options;
                var trainedBy = ModelRecipe.All.Any(r => r.Name == entry.Name) ? "train" : "train-zoo";
                output.WriteLine($"{entry.Name,-22} {entry.Kind,-10} {entry.Description}");
                output.WriteLine($"{"",-22} {trainedBy} -m {entry.Name}: epochs<={o.Epochs} batch {o.BatchSize} lr {CommonOptions.Format(o.LearningRate)} {o.Schedule} patience {o.Patience} seed {o.Seed} noise {o.Noise}; targets: {string.Join(", ", entry.Targets)}"
                    + (entry.EncoderName is null || entry.Description.Contains(entry.EncoderName, StringComparison.Ordinal) ? "" : $"; also writes {entry.EncoderName}"));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
