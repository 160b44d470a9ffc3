using DenoiseApi.ModelStore;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// <see cref="RecipeTrainer"/>, the one path from a recipe to a published model (<c>train</c>, <c>train-shipped</c>,
/// <c>train-zoo</c>, <c>export</c>), on a real MNIST subset.
/// </summary>
public sealed class RecipeTrainerTests
{
    private const int TrainImages = 1500;

    [Fact]
    public void ClassifierWithAnInMemoryPipelineDenoiserIsPublishedInItsFamilyWithTheDenoisedAccuracy()
    {
        using var dir = new TempDirectory();
        var recipe = new ModelRecipe(
            "tiny-mlp", ModelKind.Classifier, "tiny classifier", () => new MlpClassifier(16),
            new TrainingOptions { Epochs = 2, BatchSize = 64, LearningRate = 2e-3f, ValidationCount = 300 },
            [new QualityTarget("accuracy_clean", 0.2)]);
        var settings = new RecipeRunSettings { PipelineDenoiser = "tiny-dae", PipelineDenoiserModel = new DenseAutoencoder(8), DenoisedAugmentation = 0.5 };

        var trained = Trainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, settings);

        var manifest = ManifestJson.Read(Path.Combine(dir.Path, "tiny-mlp", "1", ManifestJson.FileName));
        Assert.Equal("tiny-dae", manifest.Family);
        Assert.Contains("pipeline denoiser tiny-dae, 50 % of each batch", manifest.Description, StringComparison.Ordinal);
        Assert.True(manifest.Metrics["accuracy_clean"] >= 0.2);
        Assert.True(manifest.Metrics.ContainsKey("accuracy_uniform_0.9_denoised"));
        Assert.Equal(trained.Metrics["accuracy_clean"], manifest.Metrics["accuracy_clean"]);
        Assert.Equal(TrainImages - 300, manifest.Training!.TrainImages);
        Assert.Equal(0.002, manifest.Training.LearningRate); // the decimal given, not 2e-3f widened (0.0020000000949949026)

        // The evaluation table (issue #18): a row per noise, the pipeline noise first, clean digits through the denoiser included.
        var table = manifest.Evaluation!;
        Assert.Equal("tiny-dae", table.PipelineDenoiser);
        Assert.Equal(TrainingRun.EvaluationSeed, table.Seed);
        Assert.Equal(["uniform:0.9", "none", "gaussian:0.5", "salt-pepper:0.2", "mask:0.3"], table.Rows.Select(r => r.Noise));
        Assert.Equal(manifest.Metrics["accuracy_clean"], table.Rows[1].Metrics["accuracy"]);
        Assert.Equal(manifest.Metrics["accuracy_clean_denoised"], table.Rows[1].Metrics["accuracy_denoised"]);
        Assert.Equal(manifest.Metrics["accuracy_mask_0.3"], table.Rows[4].Metrics["accuracy"]);
        Assert.Equal(manifest.Metrics["accuracy_mask_0.3_denoised"], table.Rows[4].Metrics["accuracy_denoised"]);
    }

    [Fact]
    public void ADenoiserIsScoredOnItsOwnNoiseThenOnCleanDigitsAndEveryOtherNoise()
    {
        using var dir = new TempDirectory();
        var recipe = new ModelRecipe(
            "tiny-dae", ModelKind.Denoiser, "tiny denoiser", () => new DenseAutoencoder(8),
            new TrainingOptions { Epochs = 1, BatchSize = 64, ValidationCount = 300, Noise = NoiseSpec.Parse("salt-pepper:0.2") },
            [new QualityTarget("psnr_denoised_db_none", 0)]);

        Trainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, new RecipeRunSettings { KeepCheckpoint = false });

        var manifest = ManifestJson.Read(Path.Combine(dir.Path, "tiny-dae", "1", ManifestJson.FileName));
        Assert.Equal(["salt-pepper:0.2", "none", "gaussian:0.5", "uniform:0.9", "mask:0.3"], manifest.Evaluation!.Rows.Select(r => r.Noise));
        Assert.Equal(manifest.Metrics["psnr_denoised_db"], manifest.Evaluation.Rows[0].Metrics["psnr_denoised_db"]); // own noise: plain names
        Assert.Equal(manifest.Metrics["psnr_denoised_db_uniform_0.9"], manifest.Evaluation.Rows[3].Metrics["psnr_denoised_db"]);
        Assert.True(manifest.Metrics["psnr_denoised_db_none"] > manifest.Metrics["psnr_denoised_db_uniform_0.9"]);
    }

    [Fact]
    public void WithoutPublishingTheModelIsTrainedAndEvaluatedButNothingIsWritten()
    {
        using var dir = new TempDirectory();
        var recipe = new ModelRecipe(
            "tiny-dae", ModelKind.Denoiser, "tiny denoiser", () => new DenseAutoencoder(8),
            new TrainingOptions { Epochs = 1, BatchSize = 64, ValidationCount = 300, Noise = NoiseSpec.Parse("gaussian:0.5") },
            [new QualityTarget("psnr_denoised_db", 0)], EncoderName: "tiny-dae-encoder");
        var untrained = recipe.Create(recipe.Options.Seed).parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();

        var trained = Trainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, new RecipeRunSettings { Publish = false, KeepCheckpoint = false });

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
        Assert.IsType<DenseAutoencoder>(trained.Model);
        Assert.NotEqual(untrained, trained.Model.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray());
        Assert.True(double.IsFinite(trained.Metrics["psnr_denoised_db"]));
    }

    [Fact]
    public void MissedTargetWritesNeitherTheModelNorItsEncoder()
    {
        using var dir = new TempDirectory();
        var recipe = ModelRecipe.Find(ModelRecipe.DenseDae64);
        var options = recipe.Options with { Epochs = 1, ValidationCount = 300 };

        var missed = Assert.Throws<QualityTargetMissedException>(() => Trainer(dir.Path).Train(recipe, options, recipe.Targets, new RecipeRunSettings()));

        Assert.Contains("dense-dae-64", missed.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    /// <summary>A trainer on the first <see cref="TrainImages"/> training digits, which keeps no checkpoint (the cache stays untouched).</summary>
    private static RecipeTrainer Trainer(string outputRoot) => new(null, outputRoot, 1, "test", TextWriter.Null, trainImages: TrainImages);
}
