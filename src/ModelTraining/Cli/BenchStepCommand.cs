using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine;
using DenoiseApi.Training.Engine.Kernels;
using DenoiseApi.Training.Engine.Optimizers;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Cli;

/// <summary>
/// <c>bench-step</c>: where a training step of each dense model spends its time (input and noise, forward, backward,
/// optimizer), on one core and on all, in milliseconds per batch and as epoch seconds for 54,000 images. Random
/// pixels stand in for MNIST (the arithmetic does not depend on the values).
/// </summary>
internal static class BenchStepCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Measured steps per case.", DefaultValueFactory = _ => 100 };
        var batch = new Option<int>("--batch-size") { Description = "Images per step.", DefaultValueFactory = _ => 128 };
        var command = new Command("bench-step", "Time the phases of a training step of the dense models.") { steps, batch };
        command.SetAction(parse =>
        {
            Run(parse.GetValue(steps), parse.GetValue(batch), Console.Out);
            return 0;
        });
        return command;
    }

    public static void Run(int steps, int batchSize, TextWriter output)
    {
        output.WriteLine($"batch {batchSize}, {steps} steps per case; ms per step: input+noise / forward / backward / adam = total -> s per 54,000-image epoch");
        var saved = Gemm.MaxDegreeOfParallelism;
        try
        {
            foreach (var cores in new[] { 1, Environment.ProcessorCount })
            {
                Gemm.MaxDegreeOfParallelism = cores;
                output.WriteLine(Line("dense-dae-64", cores, Measure(new DenseAutoencoder(64, 1), steps, batchSize), batchSize));
                output.WriteLine(Line("mlp-classifier", cores, Measure(new MlpClassifier(256, 1), steps, batchSize), batchSize));
            }
        }
        finally
        {
            Gemm.MaxDegreeOfParallelism = saved;
        }
    }

    private static string Line(string name, int cores, double[] ms, int batchSize)
    {
        var total = ms.Sum();
        var epoch = total / 1000 * Math.Ceiling(54000.0 / batchSize);
        return string.Create(CultureInfo.InvariantCulture, $"{name,-15} {cores} core(s): {ms[0]:F3} / {ms[1]:F3} / {ms[2]:F3} / {ms[3]:F3} = {total:F3} ms -> {epoch:F2} s/epoch");
    }

    private static double[] Measure(ImageModel model, int steps, int batchSize)
    {
        var rng = new Random(1);
        var clean = new float[batchSize * MnistDataset.PixelCount];
        for (var i = 0; i < clean.Length; i++) clean[i] = (float)rng.NextDouble();
        var noisy = new float[clean.Length];
        var labels = new int[batchSize];
        for (var i = 0; i < labels.Length; i++) labels[i] = i % 10;
        var ids = Enumerable.Range(0, batchSize).ToArray();
        var noise = NoiseSpec.Parse("uniform:0.9").Create();
        var adam = new Adam(model.Parameters());
        var phases = new double[4];
        var watch = new Stopwatch();
        for (var step = -5; step < steps; step++)
        {
            watch.Restart();
            NoiseBatch.Apply(noise, clean, noisy, MnistDataset.PixelCount, ids, 1, step);
            var t0 = watch.Elapsed.TotalMilliseconds;
            model.ZeroGrad();
            var loss = model switch
            {
                DenoiserModel d => d.Loss(new Tensor(noisy, batchSize, 1, 28, 28), new Tensor(clean, batchSize, 1, 28, 28)),
                ClassifierModel c => c.Loss(new Tensor(clean, batchSize, 1, 28, 28), labels),
                _ => throw new InvalidOperationException($"No training loss for {model.GetType().Name}."),
            };
            var t1 = watch.Elapsed.TotalMilliseconds;
            loss.Backward();
            var t2 = watch.Elapsed.TotalMilliseconds;
            adam.Step();
            loss.ReleaseGraph();
            var t3 = watch.Elapsed.TotalMilliseconds;
            if (step < 0) continue;
            phases[0] += t0;
            phases[1] += t1 - t0;
            phases[2] += t2 - t1;
            phases[3] += t3 - t2;
        }
        return phases.Select(p => p / steps).ToArray();
    }
}
