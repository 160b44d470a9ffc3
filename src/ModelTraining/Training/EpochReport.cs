using System.Globalization;

namespace DenoiseApi.Training.Training;

/// <summary>One epoch's numbers. <see cref="Seconds"/> times only the training steps (not validation).</summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double ValidationLoss,
    string ValidationSummary,
    float LearningRate,
    double Seconds,
    int Images,
    bool Improved)
{
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : 0;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {Epoch,3}/{Epochs}  loss {TrainLoss:F5}  {ValidationSummary}  lr {LearningRate:G3}  {Seconds:F2} s  {ImagesPerSecond:N0} img/s{(Improved ? "  *" : "")}");
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
}
