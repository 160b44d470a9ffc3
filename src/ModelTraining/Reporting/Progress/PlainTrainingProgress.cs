using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Reporting.Progress;

/// <summary>
/// One plain line per epoch (<see cref="EpochReport.ToString"/>) and nothing within an epoch: the display for logs, CI
/// and any output that is not an interactive terminal.
/// </summary>
public sealed class PlainTrainingProgress(TextWriter log) : ITrainingProgress
{
    public TrainingResult Track(Func<Action<EpochReport>, Action<BatchProgress>?, TrainingResult> fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return fit(report => log.WriteLine(report), null);
    }
}
