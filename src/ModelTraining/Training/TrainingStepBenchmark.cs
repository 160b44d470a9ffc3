using System.Diagnostics;
using System.Globalization;
using DenoiseApi.ModelStore;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine.Optimizers;
using DenoiseApi.Training.Models;

namespace DenoiseApi.Training.Training;

/// <summary>
/// Times training steps of zoo models exactly as <see cref="Trainer.Fit"/> runs them (noise, forward, loss, backward,
/// Adam step, graph release) on real MNIST batches, after a warm-up, and reports milliseconds per step, images per
/// second, the implied seconds per 60,000-image epoch and the achieved GFLOP/s of the matrix products.
/// </summary>
public static class TrainingStepBenchmark
{
    /// <summary>Images in one full MNIST training epoch, the unit both sides of the PyTorch comparison report.</summary>
    public const int EpochImages = 60_000;

    /// <summary>
    /// One model's timing. <see cref="MillisecondsPerStep"/> (and the rates derived from it) is the mean over all timed
    /// steps; <see cref="MedianStepMilliseconds"/> and <see cref="FastestStepMilliseconds"/> describe the single steps,
    /// which tell a slow engine from a busy machine (other processes stretch some steps, not all).
    /// </summary>
    public sealed record Result(
        string Model, double MillisecondsPerStep, double ImagesPerSecond, double SecondsPerEpoch, double Gflops, long FlopsPerImage,
        double MedianStepMilliseconds, double FastestStepMilliseconds);

    public static Result Measure(ModelRecipe entry, MnistDataset train, int batchSize, int warmupSteps, int steps, int seed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(train);
        var model = entry.Create(seed);
        ITrainingTask task = entry.Kind == ModelKind.Classifier
            ? new ClassifierTask((ClassifierModel)model, seed, maxShift: entry.Options.MaxShift)
            : new DenoiserTask((DenoiserModel)model, entry.Options.Noise, seed);
        var optimizer = new Adam(model.Parameters(), entry.Options.LearningRate);
        var sampler = new BatchSampler(train.Count, seed);
        using var batches = Batches(sampler, batchSize).GetEnumerator();
        var epoch = 0;

        void Step()
        {
            batches.MoveNext();
            model.ZeroGrad();
            var loss = task.BatchLoss(train, batches.Current.Span, epoch);
            loss.Backward();
            optimizer.Step();
            loss.ReleaseGraph();
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

        var seconds = watch.Elapsed.TotalSeconds;
        var imagesPerSecond = steps * (double)batchSize / seconds;
        var flops = TrainingFlops.PerImage(model);
        Array.Sort(stepMilliseconds);
        var median = steps == 0 ? 0 : steps % 2 == 1 ? stepMilliseconds[steps / 2] : (stepMilliseconds[steps / 2 - 1] + stepMilliseconds[steps / 2]) / 2;
        return new Result(
            entry.Name, seconds * 1000 / steps, imagesPerSecond, EpochImages / imagesPerSecond, flops * imagesPerSecond / 1e9, flops,
            median, steps == 0 ? 0 : stepMilliseconds[0]);
    }

    public static string Format(Result r) => string.Create(
        CultureInfo.InvariantCulture,
        $"{r.Model,-16} {r.MillisecondsPerStep,9:F2} {r.ImagesPerSecond,9:N0} {r.SecondsPerEpoch,9:F2} {r.FlopsPerImage / 1e6,10:F2} {r.Gflops,8:F1} {r.MedianStepMilliseconds,9:F2} {r.FastestStepMilliseconds,9:F2}");

    /// <summary>Column names of <see cref="Format"/>; the first six columns keep their positions (bench/torch/compare.sh reads them).</summary>
    public static string Header => $"{"model",-16} {"ms/step",9} {"img/s",9} {"s/epoch",9} {"MFLOP/img",10} {"GFLOP/s",8} {"median ms",9} {"min ms",9}";

    private static IEnumerable<ReadOnlyMemory<int>> Batches(BatchSampler sampler, int batchSize)
    {
        while (true)
        {
            foreach (var batch in sampler.Epoch(batchSize, dropLast: true)) yield return batch;
        }
    }
}
