using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>Quality gates and the files the trainer writes into the model repository.</summary>
public class QualityAndPublishingTests
{
    [Fact]
    public void QualityTargetsReportEveryMissIncludingUnmeasuredMetrics()
    {
        QualityTarget[] targets = [new("accuracy_clean", 0.975), new("psnr_denoised_db", 15), new("ssim_denoised", 0.5)];
        var metrics = new Dictionary<string, double> { ["accuracy_clean"] = 0.98, ["psnr_denoised_db"] = 14.9 };
        var misses = QualityTarget.Misses(targets, metrics);
        Assert.Equal(2, misses.Count);
        Assert.Contains(misses, m => m.Contains("psnr_denoised_db = 14.9 is below the target 15", StringComparison.Ordinal));
        Assert.Contains(misses, m => m.Contains("ssim_denoised was not measured", StringComparison.Ordinal));
        Assert.Empty(QualityTarget.Misses(targets[..1], metrics));
    }

    [Fact]
    public void NaNMetricMissesItsTarget()
    {
        Assert.Single(QualityTarget.Misses([new QualityTarget("mse", 0)], new Dictionary<string, double> { ["mse"] = double.NaN }));
    }

    [Fact]
    public void PublishWritesTheOnnxFileAndAManifestDescribingIt()
    {
        using var dir = new TempDirectory();
        var model = new DenseAutoencoder(64);
        var training = new TrainingRecord
        {
            Noise = new NoiseSpec("uniform", 0.9),
            Loss = "bce",
            Optimizer = "Adam",
            LearningRate = 0.001,
            BatchSize = 128,
            Epochs = 3,
            Seed = 1,
            Command = "ModelTraining train --model dense-dae-64",
        };
        var (directory, manifest) = ModelPublisher.Publish(dir.Path, "dense-dae-64", 2, new EncoderModel(model), "encoder", "dense-dae-64", training, new Dictionary<string, double> { ["mse"] = 0.01 });

        Assert.Equal(Path.Combine(dir.Path, "dense-dae-64", "2"), directory);
        var read = ManifestJson.Read(Path.Combine(directory, "manifest.json"));
        Assert.Equal(ModelLayout.Sha256Of(Path.Combine(directory, "model.onnx")), read.Sha256);
        Assert.Equal(ModelKind.Encoder, read.Kind);
        Assert.Equal("dense-dae-64", read.Family);
        Assert.Equal(784 * 64 + 64, read.ParameterCount);
        Assert.Equal("image", read.Inputs[0].Name);
        Assert.Equal("latent", read.Outputs[0].Name);
        Assert.Equal([-1L, 64], read.Outputs[0].Shape);
        Assert.Equal("ModelTraining train --model dense-dae-64", read.Training!.Command);
        Assert.Equal(0.01, read.Metrics["mse"]);
        Assert.Equal(manifest.Sha256, read.Sha256);
        Assert.Contains(ModelLayout.Enumerate(dir.Path), e => e.Name == "dense-dae-64" && e.Version == 2);
    }

    [Fact]
    public void PublishRefusesInvalidNamesAndVersions()
    {
        using var dir = new TempDirectory();
        var model = new MlpClassifier(8);
        var training = new TrainingRecord { Noise = new NoiseSpec("none", 0), Loss = "ce", Optimizer = "Adam", LearningRate = 0.001, BatchSize = 1, Epochs = 1, Seed = 1 };
        Assert.Throws<ArgumentException>(() => ModelPublisher.Publish(dir.Path, "Bad Name", 1, model, "", null, training, new Dictionary<string, double>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelPublisher.Publish(dir.Path, "ok", 0, model, "", null, training, new Dictionary<string, double>()));
    }

    [Fact]
    public void RecipesCoverTheShippedModelsWithTheirIssueTargets()
    {
        var classifier = ModelRecipe.Find("mlp-classifier");
        Assert.Contains(classifier.Targets, t => t.Metric == "accuracy_clean" && t.Minimum >= 0.975);
        Assert.Contains(classifier.Targets, t => t.Metric == "accuracy_uniform_0.9_denoised" && t.Minimum >= 0.95);
        Assert.Equal("uniform:0.9", ModelRecipe.Find("dense-dae-64").Options.Noise.ToString());
        Assert.Throws<ArgumentException>(() => ModelRecipe.Find("no-such-model"));
    }
}
