using System.Globalization;
using DenoiseApi.Training.Training;
using Spectre.Console;

namespace DenoiseApi.Training.Reporting.Progress;

/// <summary>
/// A live Spectre.Console progress bar for the running epoch (batches done, running loss, images per second, time
/// left) and, above it, one summary line per finished epoch (train and validation loss, learning rate, seconds,
/// whether it is the best so far). The trainer reports batches at most every <see cref="Trainer.BatchProgressInterval"/>,
/// so the display costs the loop nothing measurable.
/// </summary>
public sealed class SpectreTrainingProgress(IAnsiConsole console) : ITrainingProgress
{
    public TrainingResult Track(Func<Action<EpochReport>, Action<BatchProgress>?, TrainingResult> fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var view = new EpochBars(console, context);
                return fit(view.EpochDone, view.BatchDone);
            });
    }

    /// <summary>The bar of the running epoch and the lines of the finished ones.</summary>
    private sealed class EpochBars(IAnsiConsole console, ProgressContext context)
    {
        private ProgressTask? bar;
        private int barEpoch;
        private double best = double.PositiveInfinity;

        public void BatchDone(BatchProgress p)
        {
            if (bar is null || barEpoch != p.Epoch)
            {
                bar?.StopTask();
                bar = context.AddTask(Label(p.Epoch, p.Epochs), maxValue: p.Batches);
                barEpoch = p.Epoch;
            }
            bar.Value = p.Batch;
            var state = p.Batch == p.Batches ? "validating" : string.Create(CultureInfo.InvariantCulture, $"{p.ImagesPerSecond,7:N0} img/s");
            bar.Description = string.Create(CultureInfo.InvariantCulture, $"{Label(p.Epoch, p.Epochs)}  loss {p.RunningLoss:F5}  {state}");
        }

        public void EpochDone(EpochReport r)
        {
            if (bar is not null)
            {
                bar.Value = bar.MaxValue;
                bar.StopTask();
                bar = null;
            }
            if (r.Improved) best = r.ValidationLoss;
            var mark = r.Improved ? "[green]best[/]" : string.Create(CultureInfo.InvariantCulture, $"[grey]best {best:F5}[/]");
            console.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{Label(r.Epoch, r.Epochs)}  train {r.TrainLoss:F5}  {Markup.Escape(r.ValidationSummary)}  lr {r.LearningRate:G3}  {r.Seconds:F2} s  {r.ImagesPerSecond:N0} img/s  {mark}"));
        }

        private static string Label(int epoch, int epochs) => string.Create(CultureInfo.InvariantCulture, $"epoch {epoch.ToString(CultureInfo.InvariantCulture).PadLeft(epochs.ToString(CultureInfo.InvariantCulture).Length)}/{epochs}");
    }
}
