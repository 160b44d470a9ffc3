using DenoiseApi.ModelStore;
using DenoiseApi.Training.Cli;
using DenoiseApi.Training.Tests.Fixtures;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>The <c>train</c> command end to end on a real MNIST subset: it writes a model only when the target is met.</summary>
public class TrainCommandTests
{
    [Fact]
    public void TrainRefusesToWriteAModelThatMissesItsQualityTarget()
    {
        using var dir = new TempDirectory();
        var exit = Invoke("train", "--model", "dense-dae-64", "--epochs", "1", "--train-images", "1500", "--validation", "300", "--min-psnr", "60", "--out", dir.Path);
        Assert.Equal(3, exit);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "dense-dae-64")));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "dense-dae-64-encoder")));
    }

    [Fact]
    public void TrainWritesTheAutoencoderAndItsEncoderWithManifests()
    {
        using var dir = new TempDirectory();
        var exit = Invoke("train", "--model", "dense-dae-64", "--epochs", "1", "--train-images", "1500", "--validation", "300", "--min-psnr", "5", "--noise", "gaussian:0.5", "--version", "3", "--out", dir.Path);
        Assert.Equal(0, exit);

        var denoiser = ManifestJson.Read(Path.Combine(dir.Path, "dense-dae-64", "3", "manifest.json"));
        var encoder = ManifestJson.Read(Path.Combine(dir.Path, "dense-dae-64-encoder", "3", "manifest.json"));
        Assert.Equal(ModelKind.Denoiser, denoiser.Kind);
        Assert.Equal(ModelKind.Encoder, encoder.Kind);
        Assert.Equal("dense-dae-64", encoder.Family);
        Assert.Equal("gaussian", denoiser.Training!.Noise.Type);
        Assert.Equal(1200, denoiser.Training.TrainImages);
        Assert.Equal(300, denoiser.Training.ValidationImages);
        Assert.StartsWith("ModelTraining train --model dense-dae-64 --epochs 1", denoiser.Training.Command, StringComparison.Ordinal);
        Assert.True(denoiser.Metrics["psnr_denoised_db"] > denoiser.Metrics["psnr_noisy_db"]);
        Assert.Equal(ModelLayout.Sha256Of(Path.Combine(dir.Path, "dense-dae-64", "3", "model.onnx")), denoiser.Sha256);
    }

    [Fact]
    public void TrainRejectsAnUnknownModelAndABadNoiseSpec()
    {
        using var dir = new TempDirectory();
        Assert.NotEqual(0, Invoke("train", "--model", "no-such-model", "--out", dir.Path));
        Assert.Equal(2, Invoke("train", "--model", "dense-dae-64", "--noise", "purple:3", "--out", dir.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    private static int Invoke(params string[] args) => TrainerCommandLine.Build().Parse(args).Invoke();
}
