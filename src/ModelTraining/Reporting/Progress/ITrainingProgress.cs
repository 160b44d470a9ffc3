using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Reporting.Progress;

/// <summary>
/// Shows a training run as it happens. <see cref="Track"/> runs the fit it is given, passing it the callbacks that
/// <see cref="Trainer.Fit"/> takes; a display that owns the console (a live progress bar) holds it for exactly that call.
/// </summary>
public interface ITrainingProgress
{
    /// <summary>Runs <paramref name="fit"/> with this display's epoch and batch callbacks and returns its result.</summary>
    TrainingResult Track(Func<Action<EpochReport>, Action<BatchProgress>?, TrainingResult> fit);
}
