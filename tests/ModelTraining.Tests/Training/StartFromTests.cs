using DenoiseApi.ModelStore;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using DenoiseApi.Training.Tests.Export;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;
using static TorchSharp.torch;
using NoiseSpec = DenoiseApi.Noise.NoiseSpec;

namespace DenoiseApi.Training.Tests.Training;

/// <summary>
/// A run started from a published model (<see cref="ModelRecipe.StartFrom"/>, <c>--start-from</c>): the shipped ONNX
/// file's weights become the fresh module's, a model of another architecture is refused naming both, and the published
/// manifest records where the run started.
/// </summary>
public sealed class StartFromTests
{
    [Theory]
    [InlineData("conv-dae-skip")]
    [InlineData("conv-classifier")]
    [InlineData("dense-dae-64")]
    public void ShippedModelsWeightsGiveAFreshModuleTheShippedForward(string name)
    {
        var shipped = ManifestJson.Read(Path.Combine(ShippedModels, name, "1", ManifestJson.FileName));
        var model = ModelCatalog.Resolve(name)!.Create(11);
        model.eval();

        var loaded = StartingWeights.Load(model, ShippedModels, name + "/1");

        Assert.Equal($"{name}/1 (sha256 {shipped.Sha256[..12]})", loaded);
        const int batch = 5;
        manual_seed(3);
        using var images = rand(batch, 1, 28, 28);
        using var expected = Forward(model, images);
        var onnx = OnnxTools.Run(File.ReadAllBytes(Path.Combine(ShippedModels, name, "1", shipped.File)), "image", images.data<float>().ToArray(), [batch, 1, 28, 28], model.OutputName, expected.shape);
        LayerOnnx.AssertClose(expected.data<float>().ToArray(), onnx, OnnxGraphLayerTests.Tolerance);
    }

    [Fact]
    public void PublishedModelOfAnotherArchitectureIsRefusedNamingBoth()
    {
        var model = new ConvDenoisingAutoencoder(32);
        var before = model.parameters().Select(p => p.detach().contiguous().data<float>().ToArray()).ToArray();

        var refused = Assert.Throws<ArgumentException>(() => StartingWeights.Load(model, ShippedModels, "conv-dae-skip"));

        var skip = ManifestJson.Read(Path.Combine(ShippedModels, "conv-dae-skip", "1", ManifestJson.FileName));
        Assert.Contains(skip.Architecture, refused.Message, StringComparison.Ordinal);
        Assert.Contains(model.Architecture, refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, model.parameters().Select(p => p.detach().contiguous().data<float>().ToArray()).ToArray());
    }

    [Theory]
    [InlineData("no-such-model", typeof(FileNotFoundException))]
    [InlineData("conv-dae-skip-encoder", typeof(ArgumentException))]
    [InlineData("conv-dae-skip/x", typeof(ArgumentException))]
    public void MissingEncoderOrMalformedReferenceIsRefused(string reference, Type expected)
    {
        var refused = Assert.Throws(expected, () => StartingWeights.Load(new ConvSkipDenoiser(32), ShippedModels, reference));
        Assert.Contains(reference, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecipesStartFromIsTheRunsFirstWeightsAndIsRecordedInTheManifest()
    {
        using var dir = new TempDirectory();
        var start = new DenseAutoencoder(10);
        Publish(dir.Path, "start-model", start);
        var recipe = TinyRecipe("start-model");

        RecipeTrainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, new RecipeRunSettings());

        var manifest = ManifestJson.Read(Path.Combine(dir.Path, "tuned", "1", ManifestJson.FileName));
        Assert.StartsWith("start-model/1 (sha256 ", manifest.Training!.StartedFrom, StringComparison.Ordinal);
        // At a learning rate of 1e-30 Adam moves no float32 weight: the published weights are the start ones.
        Assert.Equal(Weights(start), Weights(RepositoryModel.Load(dir.Path, "tuned").Model));
    }

    [Fact]
    public void StartFromNoneOverridesTheRecipeWithAFreshInitialisation()
    {
        using var dir = new TempDirectory();
        Publish(dir.Path, "start-model", new DenseAutoencoder(10));
        var recipe = TinyRecipe("start-model");

        var trained = RecipeTrainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, new RecipeRunSettings { StartFrom = StartingWeights.None, Publish = false });

        Assert.Equal(Weights(recipe.Create(recipe.Options.Seed)), Weights(trained.Model));
    }

    [Fact]
    public void ArchitectureMismatchStopsTheRunBeforeTraining()
    {
        using var dir = new TempDirectory();
        Publish(dir.Path, "start-model", new DenseAutoencoder(64));
        var recipe = TinyRecipe("start-model");

        var refused = Assert.Throws<ArgumentException>(() => RecipeTrainer(dir.Path).Train(recipe, recipe.Options, recipe.Targets, new RecipeRunSettings()));

        Assert.Contains(new DenseAutoencoder(64).Architecture, refused.Message, StringComparison.Ordinal);
        Assert.Contains(new DenseAutoencoder(10).Architecture, refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "tuned")));
    }

    private static ModelRecipe TinyRecipe(string startFrom) => new(
        "tuned", ModelKind.Denoiser, "tiny denoiser", () => new DenseAutoencoder(10),
        new TrainingOptions { Epochs = 1, BatchSize = 64, LearningRate = 1e-30f, Schedule = LearningRateSchedule.Constant, ValidationCount = 100, Noise = NoiseSpec.Parse("gaussian:0.5") },
        [], StartFrom: startFrom);

    private static RecipeTrainer RecipeTrainer(string root) => new(null, root, 1, "test", TextWriter.Null, trainImages: 400);

    private static float[][] Weights(ImageModel model) => [.. model.parameters().Select(p => p.detach().contiguous().data<float>().ToArray())];

    private static void Publish(string root, string name, ImageModel model) =>
        ModelPublisher.Publish(root, name, 1, model, "test model", null, new TrainingRecord { Noise = new DenoiseApi.ModelStore.NoiseSpec("gaussian", 0.5), Loss = "bce", Optimizer = "Adam", LearningRate = 0.001, BatchSize = 8, Epochs = 1, Seed = 1, Command = "test" }, new Dictionary<string, double>());

    private static Tensor Forward(ImageModel model, Tensor images)
    {
        using var _ = no_grad();
        return model.call(images);
    }

    /// <summary>The repository's models/ folder (the shipped models), found above the test's output directory.</summary>
    private static string ShippedModels
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "DenoiseApi.sln"))) return Path.Combine(dir.FullName, "models");
            }
            throw new DirectoryNotFoundException($"No DenoiseApi.sln above {AppContext.BaseDirectory}.");
        }
    }
}
