using System.Globalization;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Reporting;

/// <summary>The markdown tables of the reports and of <c>evaluate</c>: test results, the training run, and its epochs.</summary>
public static class ResultTables
{
    /// <summary>One row per noise: MSE and BCE of the output, PSNR and SSIM of the noisy input and of the output.</summary>
    public static MarkdownTable Denoiser(IEnumerable<DenoiserMetrics> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = new MarkdownTable("noise", "test digits", "MSE", "BCE", "PSNR noisy (dB)", "PSNR denoised (dB)", "SSIM noisy", "SSIM denoised");
        foreach (var m in results)
        {
            table.AddRow(m.Noise.ToString(), Invariant($"{m.Images:N0}"), Invariant($"{m.Mse:F4}"), Invariant($"{m.Bce:F4}"),
                Invariant($"{m.PsnrNoisyDb:F2}"), Invariant($"{m.PsnrDenoisedDb:F2}"), Invariant($"{m.SsimNoisy:F3}"), Invariant($"{m.SsimDenoised:F3}"));
        }
        return table;
    }

    /// <summary>Accuracy on clean digits, on noisy digits and, with a pipeline denoiser, on the denoised noisy digits.</summary>
    public static MarkdownTable Classifier(ClassifierMetrics metrics, string? pipelineDenoiser) => Classifier([metrics], pipelineDenoiser);

    /// <summary>A row per noise: accuracy on clean digits, on noisy digits and, with a pipeline denoiser, on the denoised noisy digits.</summary>
    public static MarkdownTable Classifier(IReadOnlyList<ClassifierMetrics> metrics, string? pipelineDenoiser)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var hasDenoised = metrics.Any(m => m.AccuracyDenoised is not null);
        string[] headers = hasDenoised
            ? ["noise", "test digits", "accuracy clean", "accuracy noisy", $"accuracy denoised ({pipelineDenoiser ?? "denoiser"})"]
            : ["noise", "test digits", "accuracy clean", "accuracy noisy"];
        var table = new MarkdownTable(headers);
        foreach (var m in metrics)
        {
            string[] cells = [m.Noise.ToString(), Invariant($"{m.Images:N0}"), Percent(m.AccuracyClean), Percent(m.AccuracyNoisy)];
            table.AddRow(hasDenoised ? [.. cells, m.AccuracyDenoised is double d ? Percent(d) : "—"] : cells);
        }
        return table;
    }

    /// <summary>The table of <paramref name="results"/>, denoising or classification.</summary>
    public static MarkdownTable For(TestResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Classification.Count > 0 ? Classifier(results.Classification, results.PipelineDenoiser) : Denoiser(results.Denoising);
    }

    /// <summary>Epochs run, best epoch and its validation loss, early stop, training images and speed.</summary>
    public static MarkdownTable Training(TrainingResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new MarkdownTable("epochs", "best epoch", "best validation loss", "stopped early", "train / validation images", "s/epoch", "img/s")
            .AddRow(Invariant($"{result.EpochsRun}"), Invariant($"{result.BestEpoch}"), Invariant($"{result.BestValidationLoss:F5}"), result.StoppedEarly ? "yes" : "no",
                Invariant($"{result.TrainImages:N0} / {result.ValidationImages:N0}"), Invariant($"{result.SecondsPerEpoch:F2}"), Invariant($"{result.ImagesPerSecond:N0}"));
    }

    /// <summary>One row per epoch: losses, learning rate, seconds, and a mark on the improving epochs.</summary>
    public static MarkdownTable Epochs(IEnumerable<EpochReport> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var table = new MarkdownTable("epoch", "train loss", "validation loss", "learning rate", "seconds", "improved");
        foreach (var e in history)
        {
            table.AddRow(Invariant($"{e.Epoch}"), Invariant($"{e.TrainLoss:F5}"), Invariant($"{e.ValidationLoss:F5}"), Invariant($"{e.LearningRate:G3}"), Invariant($"{e.Seconds:F2}"), e.Improved ? "*" : "");
        }
        return table;
    }

    private static string Percent(double fraction) => Invariant($"{fraction * 100:F2}%");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
