using System.Globalization;

namespace DenoiseApi.Training.Training;

/// <summary>
/// One epoch's numbers. <see cref="Seconds"/> is the wall time of the epoch's training steps (Stopwatch; validation
/// excluded); <see cref="CpuSeconds"/> the process CPU time over the same span, which other processes competing for
/// the cores inflate much less than the wall time.
/// </summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double ValidationLoss,
    string ValidationSummary,
    float LearningRate,
    double Seconds,
    int Images,
    bool Improved,
    double CpuSeconds = 0)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {Epoch,3}/{Epochs}  loss {TrainLoss:F5}  {ValidationSummary}  lr {LearningRate:G3}  {Seconds:F2} s (cpu {CpuSeconds:F2} s)  {ImagesPerSecond:N0} img/s{(Improved ? "  *" : "")}");
}

/// <summary>
/// Progress within a training epoch: <see cref="Batch"/> of <see cref="Batches"/> done, <see cref="Images"/> of
/// <see cref="EpochImages"/> seen, the mean training loss over them and the wall seconds since the epoch began.
/// </summary>
public readonly record struct BatchProgress(int Epoch, int Epochs, int Batch, int Batches, int Images, int EpochImages, double RunningLoss, double Seconds)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;

    /// <summary>Fraction of the epoch done, 0 to 1.</summary>
    public double Fraction => Batches == 0 ? 1 : (double)Batch / Batches;
}

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
public sealed record TrainingResult(
    IReadOnlyList<EpochReport> History,
    int BestEpoch,
    double BestValidationLoss,
    bool StoppedEarly,
    int TrainImages,
    int ValidationImages)
{
    public int EpochsRun => History.Count;

    /// <summary>Mean training seconds per epoch (Stopwatch around each epoch's training steps).</summary>
    public double SecondsPerEpoch => History.Count == 0 ? 0 : History.Average(h => h.Seconds);

    public double ImagesPerSecond => History.Count == 0 ? 0 : History.Sum(h => (double)h.Images) / History.Sum(h => h.Seconds);

    /// <summary>Mean process CPU seconds per epoch over the training steps.</summary>
    public double CpuSecondsPerEpoch => History.Count == 0 ? 0 : History.Average(h => h.CpuSeconds);

    /// <summary>Fastest epoch's wall seconds (the least disturbed by other processes).</summary>
    public double FastestEpochSeconds => History.Count == 0 ? 0 : History.Min(h => h.Seconds);
}
