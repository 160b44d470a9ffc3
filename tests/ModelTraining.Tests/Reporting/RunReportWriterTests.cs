using System.Globalization;
using DenoiseApi.Imaging;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Evaluation;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Reporting;

/// <summary>
/// A report folder from real parts (MNIST test digits, a real model, the real evaluation): decodable PNGs of the
/// expected sizes with real content, and a markdown file with the metrics and the images linked.
/// </summary>
public sealed class RunReportWriterTests
{
    private static readonly Lazy<MnistDataset> Test = new(() => MnistDataset.LoadTest(null).Take(300));

    [Fact]
    public void DenoiserReportHasALossChartASampleGridAndTheResultsTable()
    {
        using var dir = new TempDirectory();
        var (report, metrics) = DenoiserReport();

        var written = RunReportWriter.Write(dir.Path, report);

        Assert.Equal(
            [RunReportWriter.LossChartFile, RunReportWriter.SamplesFile, RunReportWriter.MarkdownFile],
            written.Select(Path.GetFileName));
        var chart = ImageDecoder.DecodeGray(File.ReadAllBytes(dir.File(RunReportWriter.LossChartFile)));
        Assert.Equal((640, 400), (chart.Width, chart.Height));
        var ink = chart.Pixels.Count(p => p < 0.5f) / (double)chart.Pixels.Length;
        Assert.InRange(ink, 0.005, 0.3);

        var samples = ImageDecoder.DecodeGray(File.ReadAllBytes(dir.File(RunReportWriter.SamplesFile)));
        Assert.Equal((report.Samples!.Width, report.Samples.Height), (samples.Width, samples.Height));
        Assert.True(samples.Height > 5 * 56, "three rows (original, noisy, reconstructed) per noise plus the originals, 56 px each");
        Assert.True(samples.Pixels.Distinct().Count() > 50, "digits, noise and reconstructions give many gray levels");

        var markdown = File.ReadAllText(dir.File(RunReportWriter.MarkdownFile));
        Assert.Contains("](loss.png)", markdown);
        Assert.Contains("](samples.png)", markdown);
        foreach (var m in metrics)
        {
            var row = markdown.Split('\n').Single(l => l.StartsWith("| " + m.Noise + " |", StringComparison.Ordinal));
            var cells = row.Trim('|', ' ', '\r').Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(m.Mse, double.Parse(cells[2], CultureInfo.InvariantCulture), 4);
            Assert.Equal(m.Bce, double.Parse(cells[3], CultureInfo.InvariantCulture), 4);
            Assert.Equal(m.PsnrNoisyDb, double.Parse(cells[4], CultureInfo.InvariantCulture), 2);
            Assert.Equal(m.PsnrDenoisedDb, double.Parse(cells[5], CultureInfo.InvariantCulture), 2);
            Assert.Equal(m.SsimNoisy, double.Parse(cells[6], CultureInfo.InvariantCulture), 3);
            Assert.Equal(m.SsimDenoised, double.Parse(cells[7], CultureInfo.InvariantCulture), 3);
        }
        var epochRows = markdown[markdown.IndexOf("## Epochs", StringComparison.Ordinal)..].Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2]));
        Assert.Equal(report.Training!.History.Select(h => h.Epoch), epochRows.Select(l => int.Parse(l.Split('|')[1], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ReportOfAnExistingModelHasNoLossChart()
    {
        using var dir = new TempDirectory();
        var (report, _) = DenoiserReport();

        var written = RunReportWriter.Write(dir.Path, report with { Training = null });

        Assert.Equal([RunReportWriter.SamplesFile, RunReportWriter.MarkdownFile], written.Select(Path.GetFileName));
        Assert.DoesNotContain("loss.png", File.ReadAllText(dir.File(RunReportWriter.MarkdownFile)));
    }

    [Fact]
    public void ClassifierReportShowsAccuraciesAndPredictedDigits()
    {
        using var dir = new TempDirectory();
        var model = new MlpClassifier(32);
        var metrics = ClassifierEvaluation.Run(Test.Value, NoiseSpec.Parse("uniform:0.9").Create(), 2026, model.AsInference());
        var report = RunReports.Create("mlp", model, TestResults.ForClassifier(metrics, null), Test.Value, 2026);

        RunReportWriter.Write(dir.Path, report);

        var markdown = File.ReadAllText(dir.File(RunReportWriter.MarkdownFile));
        Assert.Contains((metrics.AccuracyClean * 100).ToString("F2", CultureInfo.InvariantCulture) + "%", markdown);
        Assert.Contains((metrics.AccuracyNoisy * 100).ToString("F2", CultureInfo.InvariantCulture) + "%", markdown);
        var grid = ImageDecoder.DecodeGray(File.ReadAllBytes(dir.File(RunReportWriter.SamplesFile)));
        Assert.Equal((report.Samples!.Width, report.Samples.Height), (grid.Width, grid.Height));
        Assert.True(grid.Height > 3 * 56, "two rows of predictions and a row of mistakes (an untrained model makes many)");
    }

    private static (RunReport Report, DenoiserMetrics[] Metrics) DenoiserReport()
    {
        var model = new DenseAutoencoder(16);
        DenoiserMetrics[] metrics =
        [
            DenoiserEvaluation.Run(Test.Value, NoiseSpec.Parse("uniform:0.9").Create(), 2026, model.AsInference()),
            DenoiserEvaluation.Run(Test.Value, NoiseSpec.Parse("gaussian:0.5").Create(), 2026, model.AsInference()),
        ];
        EpochReport[] history =
        [
            new(1, 3, 0.31, 0.26, "val BCE 0.26", 0.002f, 1.2, 1000, true),
            new(2, 3, 0.24, 0.22, "val BCE 0.22", 0.0015f, 1.1, 1000, true),
            new(3, 3, 0.21, 0.23, "val BCE 0.23", 0.0005f, 1.1, 1000, false),
        ];
        var training = new TrainingResult(history, 2, 0.22, false, 1000, 200);
        return (RunReports.Create("dense-dae-16", model, TestResults.ForDenoiser(metrics), Test.Value, 2026, training, "a test model", "test"), metrics);
    }
}
