using System.Diagnostics;
using DenoiseApi.Training.Data;
using static TorchSharp.torch;

namespace DenoiseApi.Training.Training;

/// <summary>
/// The training loop, PyTorch style: a seeded permutation per epoch, mini-batches by <c>index_select</c>, Adam with a
/// per-epoch learning-rate schedule, every step in its own dispose scope, a validation score after every epoch under
/// <c>no_grad</c>, early stopping with patience, and the best epoch's weights restored at the end. The running loss
/// stays on the device; it is read at most every <see cref="BatchProgressInterval"/> for the progress display.
/// </summary>
public static class Trainer
{
    /// <summary>Least time between two <see cref="BatchProgress"/> reports within an epoch (the last batch is always reported).</summary>
    public static readonly TimeSpan BatchProgressInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Trains <paramref name="task"/>'s model on <paramref name="train"/>, validating on <paramref name="validation"/>
    /// after every epoch. When it is null or empty the epoch's mean training loss stands in for the validation score.
    /// <paramref name="onEpoch"/> gets every epoch's numbers; <paramref name="onBatch"/>, when given, the progress within an epoch.
    /// </summary>
    public static TrainingResult Fit(
        ITrainingTask task, MnistTensors train, MnistDataset? validation, TrainingOptions options, Action<EpochReport>? onEpoch = null, Action<BatchProgress>? onBatch = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var model = task.Model;
        var device = train.Images.device;
        var parameters = model.parameters().ToList();
        using var optimizer = optim.Adam(parameters, options.LearningRate);
        var count = train.Count;
        var batches = (count + options.BatchSize - 1) / options.BatchSize;
        var reportEvery = (long)(BatchProgressInterval.TotalSeconds * Stopwatch.Frequency);
        var history = new List<EpochReport>();
        var hasValidation = validation is not null && validation.Count > 0;

        var best = double.PositiveInfinity;
        var bestEpoch = 0;
        List<Tensor>? bestWeights = null;
        var sinceBest = 0;
        var stoppedEarly = false;
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: device);

        try
        {
            for (var epoch = 0; epoch < options.Epochs; epoch++)
            {
                var learningRate = options.Schedule.At(options.LearningRate, epoch, options.Epochs);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
                model.train();
                lossSum.zero_();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var lastReport = 0L;
                using (var order = randperm(count, dtype: ScalarType.Int64, device: device))
                {
                    for (var batch = 0; batch < batches; batch++)
                    {
                        using var scope = NewDisposeScope();
                        var start = batch * options.BatchSize;
                        var size = Math.Min(options.BatchSize, count - start);
                        optimizer.zero_grad();
                        var loss = task.BatchLoss(train, order.narrow(0, start, size));
                        loss.backward();
                        optimizer.step();
                        lossSum.add_(loss.detach().to_type(ScalarType.Float64).mul(size));
                        ScalarReclaimer.AfterStep(batch);
                        if (onBatch is not null && (batch + 1 == batches || watch.ElapsedTicks - lastReport >= reportEvery))
                        {
                            lastReport = watch.ElapsedTicks;
                            var images = start + size;
                            onBatch(new BatchProgress(epoch + 1, options.Epochs, batch + 1, batches, images, count, lossSum.item<double>() / images, watch.Elapsed.TotalSeconds));
                        }
                    }
                }
                var trainLoss = lossSum.item<double>() / count;
                watch.Stop();
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                if (!double.IsFinite(trainLoss)) throw new InvalidOperationException($"Training diverged: mean loss {trainLoss} in epoch {epoch + 1}. Lower the learning rate.");

                model.eval();
                var (validationLoss, summary) = hasValidation ? task.Validate(validation!) : (trainLoss, "no validation");
                var improved = validationLoss < best;
                if (improved)
                {
                    best = validationLoss;
                    bestEpoch = epoch + 1;
                    Dispose(bestWeights);
                    bestWeights = [.. parameters.Select(p => p.detach().clone())];
                    sinceBest = 0;
                }
                else
                {
                    sinceBest++;
                }
                var report = new EpochReport(epoch + 1, options.Epochs, trainLoss, validationLoss, summary, learningRate, watch.Elapsed.TotalSeconds, count, improved, cpuSeconds);
                history.Add(report);
                onEpoch?.Invoke(report);
                if (sinceBest >= options.Patience)
                {
                    stoppedEarly = true;
                    break;
                }
            }

            if (bestWeights is not null)
            {
                using var _ = no_grad();
                for (var i = 0; i < parameters.Count; i++) parameters[i].copy_(bestWeights[i]);
            }
        }
        finally
        {
            Dispose(bestWeights);
            model.eval();
        }
        return new TrainingResult(history, bestEpoch, best, stoppedEarly, count, validation?.Count ?? 0);
    }

    private static void Dispose(List<Tensor>? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors) t.Dispose();
    }
}
