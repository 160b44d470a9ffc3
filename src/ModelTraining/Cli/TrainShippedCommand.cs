using System.CommandLine;
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

/// <summary><c>list</c>: the models the trainer knows, with their shipped settings and quality targets.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List the models the trainer can make.");
        command.SetAction(_ =>
        {
            foreach (var recipe in ModelRecipe.All)
            {
                var o = recipe.Options;
                Console.WriteLine($"{recipe.Name,-22} {recipe.Kind,-10} {recipe.Description}");
                Console.WriteLine($"{"",-22} epochs<={o.Epochs} batch {o.BatchSize} lr {CommonOptions.Format(o.LearningRate)} {o.Schedule} patience {o.Patience} seed {o.Seed} noise {o.Noise}; targets: {string.Join(", ", recipe.Targets)}");
            }
            Console.WriteLine($"{ModelRecipe.DenseDae64Encoder,-22} {"Encoder",-10} written together with {ModelRecipe.DenseDae64} (same weights)");
            return ExitCodes.Success;
        });
        return command;
    }
}
