using System.Diagnostics;
using DenoiseApi.Noise;
using DenoiseApi.Training.Data;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Reporting.Progress;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;
using Spectre.Console;

namespace DenoiseApi.Training.Tests.Reporting;

/// <summary>
/// The training display: a live bar on an interactive ANSI terminal, plain epoch lines anywhere else (files, pipes,
/// CI), and the trainer's batch progress that feeds the bar.
/// </summary>
public sealed class TrainingProgressTests
{
    private static readonly Lazy<MnistDataset> Digits = new(() => MnistDataset.LoadTrain(null).Take(700));

    [Fact]
    public void RedirectedOutputGetsOnePlainLinePerEpochWithoutEscapes()
    {
        using var screen = new StringWriter();
        using var log = new StringWriter();
        var console = Console(screen, interactive: false);

        var progress = TrainingProgress.For(console, log);
        var result = progress.Track((onEpoch, onBatch) => Fit(epochs: 2, onEpoch, onBatch));

        Assert.IsType<PlainTrainingProgress>(progress);
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(result.History.Select(h => h.ToString()), lines.Select(l => l.TrimEnd('\r')));
        Assert.DoesNotContain('\u001b', log.ToString());
        Assert.Empty(screen.ToString());
    }

    [Fact]
    public void InteractiveTerminalGetsTheLiveDisplayWithASummaryPerEpoch()
    {
        using var screen = new StringWriter();
        var console = Console(screen, interactive: true);

        var progress = TrainingProgress.For(console, TextWriter.Null);
        var result = progress.Track((onEpoch, onBatch) => Fit(epochs: 2, onEpoch, onBatch));

        Assert.IsType<SpectreTrainingProgress>(progress);
        var text = screen.ToString();
        Assert.Contains('\u001b', text); // drawn with ANSI escapes
        foreach (var epoch in result.History)
        {
            Assert.Contains(FormattableString.Invariant($"epoch {epoch.Epoch}/2  train {epoch.TrainLoss:F5}"), text);
        }
        Assert.Contains("best", text);
    }

    [Fact]
    public void InteractiveTerminalWithItsOutputRedirectedGetsPlainLines()
    {
        using var screen = new StringWriter();
        var progress = TrainingProgress.For(Console(screen, interactive: true), TextWriter.Null, outputRedirected: true);
        Assert.IsType<PlainTrainingProgress>(progress);
    }

    [Fact]
    public void TrainerEndsEachEpochsBatchProgressWithTheEpochsLossAndImages()
    {
        var progress = new List<BatchProgress>();
        var result = Fit(epochs: 2, _ => { }, progress.Add);

        foreach (var epoch in result.History)
        {
            var reports = progress.Where(p => p.Epoch == epoch.Epoch).ToList();
            Assert.NotEmpty(reports);
            Assert.True(reports.Zip(reports.Skip(1)).All(pair => pair.First.Batch < pair.Second.Batch), "batches count up within an epoch");
            var last = reports[^1];
            Assert.Equal(last.Batches, last.Batch);
            Assert.Equal((Digits.Value.Count - 100 + 63) / 64, last.Batches);
            Assert.Equal(epoch.Images, last.Images);
            Assert.Equal(epoch.TrainLoss, last.RunningLoss);
            Assert.Equal(1.0, last.Fraction);
        }
    }

    [Fact]
    public async Task TrainerCommandWithRedirectedOutputPrintsPlainEpochLines()
    {
        using var cache = new TempDirectory();
        using var repo = new TempDirectory();
        using var data = new TempDirectory();
        IdxBytes.WriteMnistSet(data.Path, "train", 700, gzip: false); // small sets keep the child process quick
        IdxBytes.WriteMnistSet(data.Path, "t10k", 100, gzip: false);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DENOISEAPI_CACHE"] = cache.Path; // its checkpoint goes here, not into the real cache
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "ModelTraining.dll"), "train", "-m", "dense-dae-64", "--epochs", "2", "--validation", "200",
            "--min-psnr", "0", "--data", data.Path, "--out", repo.File("models"), "--no-report",
        })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}{output}");
        Assert.DoesNotContain('\u001b', output);
        Assert.Equal(2, output.Split('\n').Count(l => l.StartsWith("epoch ", StringComparison.Ordinal) && l.Contains(" loss ", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(repo.Path, "checkpoints", "dense-dae-64", "1", "weights.pt")));
        Assert.False(Directory.Exists(Path.Combine(cache.Path, "checkpoints")));
    }

    private static TrainingResult Fit(int epochs, Action<EpochReport> onEpoch, Action<BatchProgress>? onBatch)
    {
        var (train, validation) = Digits.Value.Split(100, seed: 1);
        var noise = NoiseSpec.Parse("gaussian:0.5");
        var task = new DenoiserTask(new DenseAutoencoder(8), noise, 1, TorchSharp.torch.CPU);
        using var tensors = MnistTensors.From(train, TorchSharp.torch.CPU);
        return Trainer.Fit(task, tensors, validation, new TrainingOptions { Epochs = epochs, BatchSize = 64, Noise = noise }, onEpoch, onBatch);
    }

    private static IAnsiConsole Console(TextWriter writer, bool interactive) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
        Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        ColorSystem = ColorSystemSupport.Standard,
        Out = new AnsiConsoleOutput(writer),
    });
}
