using System.CommandLine;
using System.Globalization;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary><c>bench-zoo</c>: training-step timing of catalog models (<see cref="TrainingStepBenchmark"/>), one row per model.</summary>
internal static class BenchZooCommand
{
    public static Command Create()
    {
        var models = new Option<string[]>("--model", "-m") { Description = "Models to time (default: all): " + string.Join(", ", ModelCatalog.All.Select(e => e.Name)), AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "Timed training steps per model.", DefaultValueFactory = _ => 40 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first.", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 128 };
        var data = new Option<string?>("--data") { Description = "Directory with the MNIST IDX files." };
        var runtime = new RuntimeOptions();
        var command = new Command("bench-zoo", "Time training steps of the models (noise, forward, backward, Adam) and report s/epoch.")
        {
            models, steps, warmup, batch, data,
        };
        runtime.AddTo(command);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(models) is { Length: > 0 } chosen ? chosen : [.. ModelCatalog.All.Select(e => e.Name)];
            var (device, threads) = runtime.Read(parse);
            var torchDevice = TorchRuntime.Select(device);
            var threadCount = TorchRuntime.SetThreads(threads);
            using var train = MnistTensors.From(MnistDataset.LoadTrain(parse.GetValue(data)), torchDevice);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TorchRuntime.Description} on {torchDevice}, {threadCount} threads, batch {parse.GetValue(batch)}, {parse.GetValue(steps)} timed steps, epoch = {TrainingStepBenchmark.EpochImages:N0} images"));
            Console.WriteLine(TrainingStepBenchmark.Header);
            foreach (var name in names)
            {
                var result = TrainingStepBenchmark.Measure(ModelCatalog.Find(name), train, parse.GetValue(batch), parse.GetValue(warmup), parse.GetValue(steps), seed: 1);
                Console.WriteLine(TrainingStepBenchmark.Format(result));
            }
            return 0;
        });
        return command;
    }
}
