using System.Diagnostics;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Engine.Optimizers;

namespace DenoiseApi.Training.Training;

/// <summary>
/// The training loop: seeded shuffling, mini-batches, Adam with a per-epoch learning-rate schedule, a validation
/// score after every epoch, early stopping with patience, and the best epoch's weights restored at the end.
/// </summary>
public static class Trainer
{
    /// <summary>Least time between two <see cref="BatchProgress"/> reports within an epoch (the last batch is always reported).</summary>
    public static readonly TimeSpan BatchProgressInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Trains <paramref name="task"/>'s model on <paramref name="train"/>, validating on <paramref name="validation"/>
    /// after every epoch. When it is null or empty the epoch's mean training loss stands in for the validation score:
    /// the epoch with the lowest training loss is the best (its weights are restored at the end), and training stops
    /// after <see cref="TrainingOptions.Patience"/> epochs without a new low.
    /// <paramref name="onEpoch"/> gets every epoch's numbers; <paramref name="onBatch"/>, when given, the progress within
    /// an epoch at most every <see cref="BatchProgressInterval"/> and after its last batch (the running loss comes from the
    /// loss value the loop reads anyway, so reporting adds no synchronisation).
    /// </summary>
    public static TrainingResult Fit(
        ITrainingTask task, MnistDataset train, MnistDataset? validation, TrainingOptions options, Action<EpochReport>? onEpoch = null, Action<BatchProgress>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = task.Model;
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var sampler = new BatchSampler(train.Count, options.Seed);
        var batches = sampler.BatchCount(options.BatchSize);
        var reportEvery = (long)(BatchProgressInterval.TotalSeconds * Stopwatch.Frequency);
        var history = new List<EpochReport>();
        var hasValidation = validation is not null && validation.Count > 0;

        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        float[][]? bestWeights = null;
        var sinceBest = 0;
        var stoppedEarly = false;

        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            optimizer.LearningRate = options.Schedule.At(options.LearningRate, epoch, options.Epochs);
            double lossSum = 0;
            var images = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var batchNumber = 0;
            var lastReport = 0L;
            foreach (var batch in sampler.Epoch(options.BatchSize))
            {
                model.ZeroGrad();
                var loss = task.BatchLoss(train, batch.Span, epoch);
                var value = loss.Item();
                if (!float.IsFinite(value)) throw new InvalidOperationException($"Training diverged: loss {value} in epoch {epoch + 1}. Lower the learning rate.");
                loss.Backward();
                optimizer.Step();
                loss.ReleaseGraph();
                lossSum += value * (double)batch.Length;
                images += batch.Length;
                batchNumber++;
                if (onBatch is not null && (batchNumber == batches || watch.ElapsedTicks - lastReport >= reportEvery))
                {
                    lastReport = watch.ElapsedTicks;
                    onBatch(new BatchProgress(epoch + 1, options.Epochs, batchNumber, batches, images, train.Count, lossSum / images, watch.Elapsed.TotalSeconds));
                }
            }
            watch.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

            var (validationLoss, summary) = hasValidation ? task.Validate(validation!) : (lossSum / images, "no validation");
            var improved = validationLoss < best;
            if (improved)
            {
                best = validationLoss;
                bestEpoch = epoch + 1;
                bestWeights = model.SnapshotWeights();
                sinceBest = 0;
            }
            else
            {
                sinceBest++;
            }
            var report = new EpochReport(epoch + 1, options.Epochs, lossSum / images, validationLoss, summary, optimizer.LearningRate, watch.Elapsed.TotalSeconds, images, improved, cpuSeconds);
            history.Add(report);
            onEpoch?.Invoke(report);
            if (sinceBest >= options.Patience)
            {
                stoppedEarly = true;
                break;
            }
        }

        if (bestWeights is not null) model.RestoreWeights(bestWeights);
        return new TrainingResult(history, bestEpoch, best, stoppedEarly, train.Count, validation?.Count ?? 0);
    }
}
