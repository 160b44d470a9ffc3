using DenoiseApi.ModelStore;
using DenoiseApi.Training.Evaluation.Repository;
using DenoiseApi.Training.Models;
using DenoiseApi.Training.Models.Conv;
using DenoiseApi.Training.Tests.Fixtures;
using DenoiseApi.Training.Training;

namespace DenoiseApi.Training.Tests.Repository;

/// <summary>A published model is rebuilt from the repository by its weights: exact name, variant name, or any name.</summary>
public sealed class RepositoryModelTests
{
    [Theory]
    [InlineData("conv-dae-small", "conv-dae-small")]
    [InlineData("conv-dae-small-salt", "conv-dae-small")]
    [InlineData("my-denoiser", "conv-dae-small")]
    public void PublishedModelIsRebuiltWithTheArchitectureItsWeightsFit(string publishedAs, string expectedEntry)
    {
        using var repo = new TempDirectory();
        var model = new ConvSmallDenoiser();
        Publish(repo.Path, publishedAs, model, version: 2);

        var loaded = RepositoryModel.Load(repo.Path, publishedAs);

        Assert.Equal(expectedEntry, loaded.Entry?.Name);
        Assert.Equal(2, loaded.Manifest.Version);
        Assert.Equal(model.parameters().Select(p => p.detach().data<float>().ToArray()), loaded.Model.parameters().Select(p => p.detach().data<float>().ToArray()));
    }

    [Fact]
    public void ModelOfAnotherSizeThanTheCatalogsIsSizedAfterItsWeights()
    {
        using var repo = new TempDirectory();
        var model = new DeepDenseAutoencoder([100, 50, 20]);
        Publish(repo.Path, "deep-dense-dae", model, version: 1);

        var loaded = RepositoryModel.Load(repo.Path, "deep-dense-dae");

        Assert.Null(loaded.Entry);
        Assert.Equal(model.Architecture, loaded.Model.Architecture);
        Assert.Equal(model.parameters().Select(p => p.detach().data<float>().ToArray()), loaded.Model.parameters().Select(p => p.detach().data<float>().ToArray()));
    }

    [Fact]
    public void NewestVersionIsLoadedUnlessOneIsNamed()
    {
        using var repo = new TempDirectory();
        Publish(repo.Path, "dense-dae-10", new DenseAutoencoder(10), version: 1);
        Publish(repo.Path, "dense-dae-10", new DenseAutoencoder(10), version: 3);

        Assert.Equal(3, RepositoryModel.Load(repo.Path, "dense-dae-10").Manifest.Version);
        Assert.Equal(1, RepositoryModel.Load(repo.Path, "dense-dae-10", version: 1).Manifest.Version);
    }

    [Fact]
    public void EncodersAndMissingModelsAreRefusedWithAClearMessage()
    {
        using var repo = new TempDirectory();
        var model = new DenseAutoencoder(10);
        Publish(repo.Path, "dense-dae-10-encoder", new EncoderModel(model), version: 1, family: "dense-dae-10");

        var encoder = Assert.Throws<ArgumentException>(() => RepositoryModel.Load(repo.Path, "dense-dae-10-encoder"));
        Assert.Contains("encoder", encoder.Message);
        Assert.Contains("dense-dae-10", encoder.Message);
        Assert.Throws<FileNotFoundException>(() => RepositoryModel.Load(repo.Path, "absent"));
    }

    private static void Publish(string root, string name, ImageModel model, int version, string? family = null) =>
        ModelPublisher.Publish(root, name, version, model, "test model", family, new TrainingRecord { Noise = new DenoiseApi.ModelStore.NoiseSpec("gaussian", 0.5), Loss = "bce", Optimizer = "Adam", LearningRate = 0.001, BatchSize = 8, Epochs = 1, Seed = 1, Command = "test" }, new Dictionary<string, double>());
}
