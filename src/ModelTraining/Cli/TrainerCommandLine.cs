using System.CommandLine;

namespace DenoiseApi.Training.Cli;

/// <summary>The trainer's command tree: <c>train</c>, <c>train-shipped</c>, <c>list</c>, <c>evaluate</c>, <c>export</c>, and the zoo commands (<c>train-zoo</c>, <c>bench-zoo</c>).</summary>
public static class TrainerCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Trains the DenoiseApi models (TorchSharp) and exports them to ONNX.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(TrainShippedCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(TrainZooCommand.Create());
        root.Subcommands.Add(BenchZooCommand.Create());
        return root;
    }
}
