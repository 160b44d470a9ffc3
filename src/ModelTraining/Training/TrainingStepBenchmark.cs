using System.Diagnostics;
using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Times training steps of catalog models exactly as <see cref="Trainer.Fit"/> runs them (batch by index_select, noise
/// in torch, forward, loss, backward, Adam step, one dispose scope per step, <see cref="ScalarReclaimer"/>) on real
/// MNIST batches, after a warm-up, and reports milliseconds per step, images per second and the implied seconds per
/// 60,000-image epoch. The clock is read after the loss value of the last timed step is on the host, so queued work is
/// counted.
/// </summary>
public static class TrainingStepBenchmark
{
    /// <summary>Images in one full MNIST training epoch, the unit both sides of the PyTorch comparison report.</summary>
    public const int EpochImages = 60_000;

    /// <summary>
    /// One model's timing. <see cref="MillisecondsPerStep"/> (and the rates derived from it) is the mean over all timed
    /// steps; <see cref="MedianStepMilliseconds"/> and <see cref="FastestStepMilliseconds"/> describe the single steps.
    /// </summary>
    public sealed record Result(
        string Model, double MillisecondsPerStep, double ImagesPerSecond, double SecondsPerEpoch, double MedianStepMilliseconds, double FastestStepMilliseconds);

    public static Result Measure(ModelRecipe entry, MnistTensors train, int batchSize, int warmupSteps, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var model = entry.Create(seed);
        model.to(train.Images.device);
        var device = train.Images.device;
        ITrainingTask task = entry.Kind == ModelKind.Classifier
            ? new ClassifierTask((ClassifierModel)model, seed, device, maxShift: entry.Options.MaxShift)
            : new DenoiserTask((DenoiserModel)model, entry.Options.Noise, seed, device);
        using var optimizer = optim.Adam(model.parameters(), entry.Options.LearningRate);
        using var order = randperm(train.Count, dtype: ScalarType.Int64, device: device);
        var batches = train.Count / batchSize;
        var next = 0;
        model.train();

        void Step()
        {
            using var scope = NewDisposeScope();
            var start = next++ % batches * batchSize;
            optimizer.zero_grad();
            var loss = task.BatchLoss(train, order.narrow(0, start, batchSize));
            loss.backward();
            optimizer.step();
            ScalarReclaimer.AfterStep(next);
        }

        for (var i = 0; i < warmupSteps; i++) Step();
        var stepMilliseconds = new double[steps];
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            var started = watch.Elapsed;
            Step();
            stepMilliseconds[i] = (watch.Elapsed - started).TotalMilliseconds;
        }
        watch.Stop();
        (task as IDisposable)?.Dispose();

        var seconds = watch.Elapsed.TotalSeconds;
        var imagesPerSecond = steps * (double)batchSize / seconds;
        Array.Sort(stepMilliseconds);
        var median = steps % 2 == 1 ? stepMilliseconds[steps / 2] : (stepMilliseconds[steps / 2 - 1] + stepMilliseconds[steps / 2]) / 2;
        return new Result(entry.Name, seconds * 1000 / steps, imagesPerSecond, EpochImages / imagesPerSecond, median, stepMilliseconds[0]);
    }

    public static string Format(Result r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Model,-16} {r.MillisecondsPerStep,9:F2} {r.ImagesPerSecond,9:N0} {r.SecondsPerEpoch,9:F2} {r.MedianStepMilliseconds,9:F2} {r.FastestStepMilliseconds,9:F2}");

    /// <summary>Column names of <see cref="Format"/>; the first four columns keep their positions (bench/torch/compare.sh reads them).</summary>
    public static string Header => $"{"model",-16} {"ms/step",9} {"img/s",9} {"s/epoch",9} {"median ms",9} {"min ms",9}";
}
