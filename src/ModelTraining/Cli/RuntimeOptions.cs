using System.CommandLine;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Cli;

/// <summary><c>--device cpu|cuda</c> and <c>--threads N</c>: where and on how many cores libtorch runs.</summary>
internal sealed class RuntimeOptions
{
    private readonly Option<TrainingDevice> device = new("--device") { Description = "cpu, or cuda (needs the TorchSharp-cuda-linux package instead of TorchSharp-cpu).", DefaultValueFactory = _ => TrainingDevice.Cpu };
    private readonly Option<int?> threads = new("--threads") { Description = "libtorch intra-op threads (default: every core)." };

    public void AddTo(Command command)
    {
        command.Options.Add(device);
        command.Options.Add(threads);
    }

    public (TrainingDevice Device, int? Threads) Read(ParseResult parse) => (parse.GetValue(device), parse.GetValue(threads));
}
