using System.Globalization;
using System.Text;
using DenoiseApi.Training.Reporting.Drawing;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Reporting;

/// <summary>
/// Writes a <see cref="RunReport"/> as a folder: <c>loss.png</c> (train and validation loss per epoch, the best epoch
/// marked), <c>samples.png</c> (test digits: original, noisy, reconstructed; or a classifier's predictions) and
/// <c>README.md</c> with the results tables and both images linked.
/// </summary>
public static class RunReportWriter
{
    public const string LossChartFile = "loss.png";
    public const string SamplesFile = "samples.png";
    public const string MarkdownFile = "README.md";

    /// <summary>Writes the report into <paramref name="directory"/> (created if needed); returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string directory, RunReport report)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var hasCurves = report.Training is { History.Count: > 0 };
        if (hasCurves) written.Add(WriteFile(directory, LossChartFile, LossChart(report.Name, report.Training!).ToPng()));
        if (report.Samples is not null) written.Add(WriteFile(directory, SamplesFile, report.Samples.ToPng()));
        written.Add(WriteFile(directory, MarkdownFile, Encoding.UTF8.GetBytes(Markdown(report, hasCurves))));
        return written;
    }

    /// <summary>Train and validation loss against the epoch, the best epoch marked.</summary>
    public static Canvas LossChart(string name, TrainingResult training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var epochs = training.History.Select(h => (double)h.Epoch).ToList();
        ChartSeries[] series =
        [
            new("train", epochs, training.History.Select(h => h.TrainLoss).ToList(), Canvas.Black),
            new("validation", epochs, training.History.Select(h => h.ValidationLoss).ToList(), 0.45f, Dash: 6),
        ];
        return LineChart.Render($"{name} loss", "epoch", "loss", series, training.BestEpoch > 0 ? training.BestEpoch : null, "best");
    }

    /// <summary>The report's markdown: title, model, results, training, images and the epoch table.</summary>
    public static string Markdown(RunReport report, bool withLossChart)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {report.Name}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Architecture: {report.Architecture}");
        if (report.Description.Length > 0) md.AppendLine(CultureInfo.InvariantCulture, $"- Model: {report.Description}");
        md.AppendLine().AppendLine("## Test results").AppendLine();
        md.AppendLine("MNIST test digits; the noisy copies are the same in every evaluation (fixed seed per image), so the numbers compare across runs.").AppendLine();
        md.Append(ResultTables.For(report.Test));
        if (report.Provenance is not null) md.AppendLine().AppendLine("## Training").AppendLine().AppendLine(report.Provenance);
        if (report.Training is { } training)
        {
            md.AppendLine().AppendLine("## Training").AppendLine();
            md.Append(ResultTables.Training(training));
        }
        if (withLossChart) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"![{report.Name}: train and validation loss per epoch]({LossChartFile})");
        if (report.Samples is not null)
        {
            var alt = report.Test.Classification.Count == 0 ? "original, noisy and reconstructed test digits" : "test digits with the predicted digit";
            md.AppendLine().AppendLine("## Test digits").AppendLine().AppendLine(CultureInfo.InvariantCulture, $"![{report.Name}: {alt}]({SamplesFile})");
        }
        if (report.Training is { History.Count: > 0 } run)
        {
            md.AppendLine().AppendLine("## Epochs").AppendLine();
            md.Append(ResultTables.Epochs(run.History));
        }
        if (report.Command is not null) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Produced by `{report.Command}`.");
        return md.ToString();
    }

    private static string WriteFile(string directory, string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
