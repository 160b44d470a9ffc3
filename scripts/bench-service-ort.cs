#!/usr/bin/env -S dotnet run
// Raw ONNX Runtime throughput of one model, the ceiling the service's throughput is compared against
// (scripts/bench-service.sh prints both). Creates the same session pool the service would (one session per thread,
// one intra-op and one inter-op thread each, the official Microsoft.ML.OnnxRuntime package), binds each session's
// pinned input and output buffers once (OrtIoBinding), then every thread runs batches back to back for the given time. The
// batches hold real MNIST test digits when --digits names the IDX image file (the load test sends the first test digit,
// so the ceiling is measured on the same values), zeros otherwise. Prints one line per batch size:
// "ort <model> batch=<b> threads=<t> images/s=<n> runs/s=<n>".
//
//   dotnet run scripts/bench-service-ort.cs -- <models/<name>/<version>> [--batch 1,32] [--threads 2] [--seconds 5]
//       [--digits ~/.cache/denoiseapi/mnist/t10k-images-idx3-ubyte]
#:package Microsoft.ML.OnnxRuntime
#:project ../src/ModelStore/ModelStore.csproj
#:project ../src/MnistData/MnistData.csproj
#:property PublishAot=false

using System.Diagnostics;
using System.Globalization;
using DenoiseApi.MnistData;
using DenoiseApi.ModelStore;
using Microsoft.ML.OnnxRuntime;

if (args.Length == 0 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: dotnet run scripts/bench-service-ort.cs -- <models/<name>/<version>> [--batch 1,32] [--threads 2] [--seconds 5] [--digits <idx images>]");
    return 2;
}
var modelDir = args[0];
int[] batches = [.. Option("--batch", "1,32").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
var threads = int.Parse(Option("--threads", "2"), CultureInfo.InvariantCulture);
var seconds = double.Parse(Option("--seconds", "5"), CultureInfo.InvariantCulture);
var digitsFile = Option("--digits", "");

var manifest = ManifestJson.Read(Path.Combine(modelDir, ManifestJson.FileName));
using var settings = new SessionOptions
{
    IntraOpNumThreads = 1,
    InterOpNumThreads = 1,
    ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
    GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
};
settings.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
var sessions = Enumerable.Range(0, threads).Select(_ => new InferenceSession(Path.Combine(modelDir, manifest.File), settings)).ToList();
var input = manifest.Inputs[0];
var output = manifest.Outputs[0];
var inputItem = (int)input.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
var outputItem = (int)output.Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
var firstDigit = digitsFile.Length > 0 ? FirstDigit(digitsFile, inputItem) : null;

foreach (var batch in batches)
{
    long[] inputShape = [batch, .. input.Shape.Skip(1)];
    long[] outputShape = [batch, .. output.Shape.Skip(1)];
    var runs = new long[threads];
    var deadline = TimeSpan.FromSeconds(seconds);
    Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
    {
        var x = GC.AllocateArray<float>(batch * inputItem, pinned: true);
        if (firstDigit is not null) for (var i = 0; i < x.Length; i += inputItem) firstDigit.CopyTo(x, i);
        var y = GC.AllocateArray<float>(batch * outputItem, pinned: true);
        using var xValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, x.AsMemory(), inputShape);
        using var yValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, y.AsMemory(), outputShape);
        using var binding = sessions[t].CreateIoBinding();
        binding.BindInput(input.Name, xValue);
        binding.BindOutput(output.Name, yValue);
        using var runOptions = new RunOptions();
        for (var i = 0; i < 20; i++) sessions[t].RunWithBinding(runOptions, binding); // warm-up
        var started = Stopwatch.StartNew();
        while (started.Elapsed < deadline)
        {
            sessions[t].RunWithBinding(runOptions, binding);
            runs[t]++;
        }
    });
    var totalRuns = runs.Sum();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ort {manifest.Name}/{manifest.Version} batch={batch} threads={threads} images/s={totalRuns * batch / seconds:F0} runs/s={totalRuns / seconds:F0}"));
}
foreach (var session in sessions) session.Dispose();
return 0;

// The first digit of an IDX image file, scaled to [0, 1] as the service's preprocessing gives it; every item of a
// batch is this digit.
static float[] FirstDigit(string idxFile, int itemSize)
{
    var images = IdxReader.ReadImages(idxFile);
    var pixels = images.Data.AsSpan(0, images.Data.Length / images.Count);
    if (pixels.Length != itemSize)
        throw new InvalidDataException($"{idxFile}: an image has {pixels.Length} pixels but the model's input item has {itemSize} values.");
    return PixelScale.ToUnit(pixels);
}

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
